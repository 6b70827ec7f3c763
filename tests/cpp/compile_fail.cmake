# One compile-fail test (cmake -P): SOURCE must not compile, and must fail with the error its
# `// expect-error: REGEX` line names and no other; built with -DTALLYFY_SAFE (the safe spelling
# of the same code) it must compile, so the failure cannot come from anything else in the file.
#
# cmake -DCXX=c++ -DSOURCE=file.cpp -DINCLUDE="dir;dir" [-DSTD=c++14] -P compile_fail.cmake
if(NOT STD)
  set(STD c++17)
endif()
file(STRINGS "${SOURCE}" expect REGEX "^// expect-error: ")
if(NOT expect)
  message(FATAL_ERROR "${SOURCE} has no `// expect-error:` line")
endif()
string(REGEX REPLACE "^// expect-error: " "" expect "${expect}")
set(flags -fsyntax-only -Wall -Wextra -Werror -pedantic)
foreach(dir IN LISTS INCLUDE)
  list(APPEND flags "-I${dir}")
endforeach()

execute_process(COMMAND "${CXX}" -std=c++17 ${flags} -DTALLYFY_SAFE "${SOURCE}"
                RESULT_VARIABLE safe_result ERROR_VARIABLE safe_errors)
if(NOT safe_result EQUAL 0)
  message(FATAL_ERROR "the safe spelling (-DTALLYFY_SAFE) of ${SOURCE} does not compile:\n${safe_errors}")
endif()

execute_process(COMMAND "${CXX}" -std=${STD} ${flags} "${SOURCE}" RESULT_VARIABLE result ERROR_VARIABLE errors)
if(result EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled as ${STD}; it must not")
endif()
string(REGEX MATCHALL "(^|\n)[^\n]*error:" error_lines "${errors}")
list(LENGTH error_lines count)
if(NOT errors MATCHES "${expect}" OR NOT count EQUAL 1)
  message(FATAL_ERROR "${SOURCE} failed with ${count} error(s), expected exactly one matching `${expect}`:\n${errors}")
endif()
message(STATUS "${SOURCE}: refused as expected (${expect})")
