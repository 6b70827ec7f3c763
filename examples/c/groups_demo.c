/*
 * The group lifecycle demo, C host (libtallyfy + libcurl): create, get, list, update, delete,
 * a get that ends in not_found, and an invalid create that ends in field errors.
 *
 * Reads TALLYFY_BASE_URL, TALLYFY_ACCESS_TOKEN, TALLYFY_ORG_ID and optionally
 * TALLYFY_MEMBER_IDS (comma-separated user ids); `cargo xtask demo c` sets them.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "groups_client.h"

#define MAX_MEMBERS 16
#define DESCRIPTION "Created by the tallyfy-bindings demo"

/* printf's "%.*s" arguments for a tallyfy_str (its bytes are not NUL-terminated). */
#define STR(s) (int)(s).len, (s).data

/* A tallyfy_str borrowing a NUL-terminated string. */
static tallyfy_str str(const char *text) {
    tallyfy_str s;
    s.data = text;
    s.len = strlen(text);
    return s;
}

/* Whether `s` holds exactly the bytes of `text`. */
static int str_is(tallyfy_str s, const char *text) {
    return s.data != NULL && s.len == strlen(text) && memcmp(s.data, text, s.len) == 0;
}

/* Prints a traced exchange (the driver's trace: the token already replaced by "[redacted]"). */
static void print_request(const groups_exchange *x, void *context) {
    size_t i;
    (void)context;
    printf("   -> %.*s %.*s\n", STR(x->method), STR(x->url));
    for (i = 0; i < x->header_count; i++) {
        printf("      %.*s: %.*s\n", STR(x->headers[i].name), STR(x->headers[i].value));
    }
    if (x->body.data != NULL) {
        printf("      %.*s\n", STR(x->body));
    }
    printf("   <- %ld\n", x->status);
}

static void print_group(const tallyfy_group *g) {
    tallyfy_text *json = NULL;
    if (tallyfy_group_to_json(g, &json, NULL) == TALLYFY_OK) {
        printf("   group: %.*s\n", STR(tallyfy_text_str(json)));
    }
    tallyfy_text_free(json);
}

/* Prints why a step failed; returns 1 (the exit status). */
static int failed(const char *step, int rc, tallyfy_error *err, const groups_client *client) {
    if (rc == GROUPS_TRANSPORT_ERROR) {
        fprintf(stderr, "\nC host demo failed: %s: transport: %s\n", step, groups_client_transport_error(client));
    } else {
        fprintf(stderr, "\nC host demo failed: %s: %.*s: %.*s\n", step, STR(tallyfy_error_code_name(err)),
                STR(tallyfy_error_message(err)));
    }
    tallyfy_error_free(err);
    return 1;
}

static size_t parse_members(const char *text, uint64_t *ids) {
    size_t n = 0;
    char *end;
    while (text != NULL && *text != '\0' && n < MAX_MEMBERS) {
        unsigned long long id = strtoull(text, &end, 10);
        if (end == text) {
            break;
        }
        ids[n++] = (uint64_t)id;
        text = *end == ',' ? end + 1 : end;
    }
    return n;
}

static int run(groups_client *client, const uint64_t *members, size_t member_count) {
    size_t first = member_count < 2 ? member_count : 2, i;
    char name[64], id_text[256];
    tallyfy_str group_id;
    tallyfy_group_input *in = tallyfy_group_input_new();
    tallyfy_list_query *query = tallyfy_list_query_new();
    tallyfy_group *group = NULL;
    tallyfy_group_page *page = NULL;
    tallyfy_error *err = NULL;
    int rc;
    snprintf(name, sizeof name, "Demo group %ld", (long)time(NULL));

    printf("\n1. create\n");
    rc = tallyfy_group_input_set_name(in, str(name), &err);
    rc = rc != TALLYFY_OK ? rc : (int)tallyfy_group_input_set_description(in, str(DESCRIPTION), &err);
    rc = rc != TALLYFY_OK ? rc : (int)tallyfy_group_input_clear_members(in, &err);
    for (i = 0; i < first; i++) {
        rc = rc != TALLYFY_OK ? rc : (int)tallyfy_group_input_add_member(in, members[i], &err);
    }
    rc = rc != TALLYFY_OK ? rc : (int)tallyfy_group_input_add_guest(in, str("guest@example.com"), &err);
    rc = rc != TALLYFY_OK ? rc : (int)groups_client_create(client, in, &group, &err);
    tallyfy_group_input_free(in);
    if (rc != TALLYFY_OK) {
        tallyfy_list_query_free(query);
        return failed("create", rc, err, client);
    }
    print_group(group);
    snprintf(id_text, sizeof id_text, "%.*s", STR(tallyfy_group_id(group)));
    group_id = str(id_text);
    tallyfy_group_free(group);

    printf("\n2. get\n");
    if ((rc = groups_client_get(client, group_id, &group, &err)) != TALLYFY_OK) {
        tallyfy_list_query_free(query);
        return failed("get", rc, err, client);
    }
    print_group(group);
    rc = str_is(tallyfy_group_id(group), id_text) && str_is(tallyfy_group_name(group), name);
    tallyfy_group_free(group);
    if (!rc) {
        tallyfy_list_query_free(query);
        return failed("get", TALLYFY_MALFORMED_RESPONSE, NULL, client);
    }

    printf("\n3. list\n");
    rc = tallyfy_list_query_set_q(query, str(name), &err);
    rc = rc != TALLYFY_OK ? rc : (int)tallyfy_list_query_set_per_page(query, 10, &err);
    rc = rc != TALLYFY_OK ? rc : (int)groups_client_list(client, query, &page, &err);
    tallyfy_list_query_free(query);
    if (rc != TALLYFY_OK) {
        return failed("list", rc, err, client);
    }
    printf("   pagination: total %lu, count %lu, per page %lu, page %lu of %lu\n",
           (unsigned long)tallyfy_group_page_total(page), (unsigned long)tallyfy_group_page_count(page),
           (unsigned long)tallyfy_group_page_per_page(page), (unsigned long)tallyfy_group_page_current_page(page),
           (unsigned long)tallyfy_group_page_total_pages(page));
    printf("   groups:");
    rc = 0;
    for (i = 0; i < tallyfy_group_page_len(page); i++) {
        const tallyfy_group *g = tallyfy_group_page_get(page, i);
        printf("%s %.*s", i == 0 ? "" : ",", STR(tallyfy_group_name(g)));
        rc |= str_is(tallyfy_group_id(g), id_text);
    }
    printf("\n");
    tallyfy_group_page_free(page);
    if (!rc) {
        fprintf(stderr, "\nC host demo failed: list does not show the new group\n");
        return 1;
    }

    printf("\n4. update (members replaced, guests cleared)\n");
    in = tallyfy_group_input_new();
    rc = tallyfy_group_input_clear_members(in, &err);
    for (i = first; i < member_count; i++) {
        rc = rc != TALLYFY_OK ? rc : (int)tallyfy_group_input_add_member(in, members[i], &err);
    }
    rc = rc != TALLYFY_OK ? rc : (int)tallyfy_group_input_clear_guests(in, &err);
    rc = rc != TALLYFY_OK ? rc : (int)groups_client_update(client, group_id, in, &group, &err);
    tallyfy_group_input_free(in);
    if (rc != TALLYFY_OK) {
        return failed("update", rc, err, client);
    }
    print_group(group);
    rc = tallyfy_group_member_count(group) == member_count - first && tallyfy_group_guest_count(group) == 0;
    tallyfy_group_free(group);
    if (!rc) {
        fprintf(stderr, "\nC host demo failed: update did not replace members and clear guests\n");
        return 1;
    }

    printf("\n5. delete\n");
    if ((rc = groups_client_delete(client, group_id, &err)) != TALLYFY_OK) {
        return failed("delete", rc, err, client);
    }
    printf("   deleted %s\n", id_text);

    printf("\n6. get after delete\n");
    rc = groups_client_get(client, group_id, &group, &err);
    if (rc != TALLYFY_NOT_FOUND) {
        tallyfy_group_free(group);
        fprintf(stderr, "\nC host demo failed: get after delete: expected not_found, got %d\n", rc);
        tallyfy_error_free(err);
        return 1;
    }
    printf("   error: %.*s (status %u): %.*s\n", STR(tallyfy_error_code_name(err)),
           (unsigned)tallyfy_error_status(err), STR(tallyfy_error_message(err)));
    tallyfy_error_free(err);
    err = NULL;

    printf("\n7. invalid create (refused before any request is sent)\n");
    in = NULL;
    rc = tallyfy_group_input_from_json(
        str("{\"name\":\" \",\"description\":\"x\",\"members\":[0],\"guests\":[\"not-an-email\"]}"), &in, &err);
    rc = rc != TALLYFY_OK ? rc : (int)groups_client_create(client, in, &group, &err);
    tallyfy_group_input_free(in);
    if (rc != TALLYFY_INVALID_INPUT) {
        tallyfy_group_free(group);
        tallyfy_error_free(err);
        fprintf(stderr, "\nC host demo failed: invalid create: expected invalid_input, got %d\n", rc);
        return 1;
    }
    printf("   error: %.*s\n", STR(tallyfy_error_code_name(err)));
    for (i = 0; i < tallyfy_error_field_count(err); i++) {
        printf("   field %.*s [%.*s]: %.*s\n", STR(tallyfy_error_field_name(err, i)),
               STR(tallyfy_error_field_code(err, i)), STR(tallyfy_error_field_message(err, i)));
    }
    tallyfy_error_free(err);
    return 0;
}

int main(void) {
    const char *token = getenv("TALLYFY_ACCESS_TOKEN");
    const char *org_id = getenv("TALLYFY_ORG_ID");
    const char *base_url = getenv("TALLYFY_BASE_URL");
    uint64_t members[MAX_MEMBERS];
    size_t member_count = parse_members(getenv("TALLYFY_MEMBER_IDS"), members);
    tallyfy_config *cfg = NULL;
    tallyfy_error *err = NULL;
    tallyfy_str base = {NULL, 0}, none = {NULL, 0};
    groups_client *client;
    int status;
    if (token == NULL || org_id == NULL) {
        fprintf(stderr, "TALLYFY_ACCESS_TOKEN and TALLYFY_ORG_ID must be set\n");
        return 1;
    }
    if (base_url != NULL && *base_url) {
        base = str(base_url);
    }
    if (tallyfy_config_new(str(token), base, none, &cfg, &err) != TALLYFY_OK) {
        fprintf(stderr, "config: %.*s\n", STR(tallyfy_error_message(err)));
        tallyfy_error_free(err);
        return 1;
    }
    printf("Tallyfy Groups demo (C host, libtallyfy %.*s) against %s, organization %s\n", STR(tallyfy_version()),
           base.data != NULL ? base_url : "https://go.tallyfy.com/api", org_id);
    client = groups_client_new(cfg, str(org_id));
    if (client == NULL) {
        tallyfy_config_free(cfg);
        return 1;
    }
    groups_client_set_trace(client, print_request, NULL);
    status = run(client, members, member_count);
    if (status == 0) {
        printf("\nC host: all 7 steps behaved as documented.\n");
    }
    groups_client_free(client);
    tallyfy_config_free(cfg);
    return status;
}
