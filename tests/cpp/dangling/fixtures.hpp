// Answers shared by the compile-fail cases of this folder (the build globs only *.cpp).
#pragma once

#include "tallyfy.hpp"

static const tallyfy::response answer{
    200, {}, R"({"data":{"id":"g1","name":"Ops","description":"d","members":[7],"guests":["a@b.co"]}})"};
static const tallyfy::response list_answer{200, {}, R"({"data":[{"id":"g1","name":"Ops"}],)"
                                                    R"("meta":{"pagination":{"total":1,"count":1,"per_page":10,)"
                                                    R"("current_page":1,"total_pages":1}}})"};
