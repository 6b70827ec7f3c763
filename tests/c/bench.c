/*
 * ns per call through libtallyfy from C: a create build, a group parse and a whole create call
 * through the call driver (one send answered 201, then the group), with the same inputs as
 * ffi/benches/abi.rs. Prints `bench <name> <ns>` lines that `cargo xtask bench c`
 * puts next to the Rust core's figures.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tallyfy.h"

#define ITERATIONS 100000
#define SAMPLES 9

static const char BODY[] =
    "{\"data\":{\"id\":\"53a4560dc877f9b4f709f97630efbb5a\",\"name\":\"Onboarding Specialists\","
    "\"description\":\"Team responsible for new client onboarding.\",\"logo\":null,\"members\":[1001,1005,1008],"
    "\"guests\":[\"client.liaison@partner.com\"],\"created_at\":\"2025-06-10T14:30:00.000Z\","
    "\"last_updated\":\"2025-06-10T14:30:00.000Z\"}}";

static const tallyfy_str ORG = {"org123", 6};
static const tallyfy_response ANSWER = {201, NULL, 0, {BODY, sizeof BODY - 1}};
static tallyfy_config *cfg;
static tallyfy_group_input *input;
static volatile int sink;

static void build_once(void) {
    tallyfy_request *req = NULL;
    sink += tallyfy_build_create_group(cfg, ORG, input, &req, NULL);
    tallyfy_request_free(req);
}

static void parse_once(void) {
    tallyfy_group *group = NULL;
    sink += tallyfy_parse_group(&ANSWER, &group, NULL);
    tallyfy_group_free(group);
}

static void call_once(void) {
    tallyfy_call *call = NULL;
    sink += tallyfy_call_create_group(cfg, ORG, input, NULL, &call, NULL);
    sink += tallyfy_call_next(call) != TALLYFY_STEP_SEND || tallyfy_call_request(call) == NULL;
    sink += tallyfy_call_answer(call, &ANSWER, NULL);
    sink += tallyfy_call_next(call) != TALLYFY_STEP_DONE || tallyfy_call_group(call) == NULL;
    tallyfy_call_free(call);
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median over SAMPLES runs of ns per call of `f`. */
static double measure(void (*f)(void)) {
    double samples[SAMPLES];
    int s, i;
    for (i = 0; i < ITERATIONS / 5; i++) {
        f();
    }
    for (s = 0; s < SAMPLES; s++) {
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (i = 0; i < ITERATIONS; i++) {
            f();
        }
        clock_gettime(CLOCK_MONOTONIC, &end);
        samples[s] = ((double)(end.tv_sec - start.tv_sec) * 1e9 + (double)(end.tv_nsec - start.tv_nsec)) / ITERATIONS;
    }
    qsort(samples, SAMPLES, sizeof samples[0], by_value);
    return samples[SAMPLES / 2];
}

/* A tallyfy_str borrowing a NUL-terminated string. */
static tallyfy_str str(const char *text) {
    tallyfy_str s;
    s.data = text;
    s.len = strlen(text);
    return s;
}

int main(void) {
    const tallyfy_str none = {NULL, 0};
    if (tallyfy_config_new(str("tok_123"), none, none, &cfg, NULL) != TALLYFY_OK) {
        return 1;
    }
    input = tallyfy_group_input_new();
    sink += tallyfy_group_input_set_name(input, str("Onboarding Specialists"), NULL);
    sink += tallyfy_group_input_set_description(input, str("Team responsible for new client onboarding."), NULL);
    sink += tallyfy_group_input_add_member(input, 1001, NULL);
    sink += tallyfy_group_input_add_member(input, 1005, NULL);
    sink += tallyfy_group_input_add_member(input, 1008, NULL);
    sink += tallyfy_group_input_add_guest(input, str("client.liaison@partner.com"), NULL);
    printf("bench c_abi_build_create_group %.1f\n", measure(build_once));
    printf("bench c_abi_parse_group %.1f\n", measure(parse_once));
    printf("bench c_abi_call_create_group %.1f\n", measure(call_once));
    tallyfy_group_input_free(input);
    tallyfy_config_free(cfg);
    return sink == 0 ? 0 : 1;
}
