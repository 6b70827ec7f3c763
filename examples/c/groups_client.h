/*
 * A C host for libtallyfy: a short loop over tallyfy_call. The library's call driver decides
 * everything (retries and their waits, paging, the exchange timeout, the answer size limit,
 * taking the access token out of errors and traces); this host only moves bytes with libcurl
 * and sleeps, through a sleep function a test can replace to keep time virtual.
 */
#ifndef GROUPS_CLIENT_H
#define GROUPS_CLIENT_H

#include <stdint.h>

#include "tallyfy.h"

/* Returned instead of a tallyfy_code when the HTTP exchange itself failed and the driver does
 * not retry it (see groups_client_transport_error()). */
#define GROUPS_TRANSPORT_ERROR (-1)

typedef struct groups_client groups_client;

/* One exchange that got an answer, as a trace sees it: the driver's trace of the request (the
 * access token replaced by "[redacted]" wherever it appears) and the status received. Borrowed
 * for the duration of the trace call; print a string with printf("%.*s", (int)s.len, s.data). */
typedef struct groups_exchange {
    tallyfy_str method;
    tallyfy_str url;
    const tallyfy_header *headers;
    size_t header_count;
    tallyfy_str body; /* {NULL, 0}: no body */
    long status;
} groups_exchange;

/* Called after every exchange that got an answer (retries included). */
typedef void (*groups_trace)(const groups_exchange *exchange, void *context);

/* Sleeps `ms` milliseconds: a wait the driver asks for before a retry. */
typedef void (*groups_sleep)(uint64_t ms, void *context);

/* Called once for every group of a "list every group" call, after the whole list was read. */
typedef void (*groups_each)(const tallyfy_group *group, void *context);

/* A client for `org_id` (copied) using `cfg` (borrowed: it must outlive the client). It sleeps
 * with nanosleep until groups_client_set_sleep() says otherwise. NULL when libcurl or the
 * library cannot start. Release it with groups_client_free(). */
groups_client *groups_client_new(const tallyfy_config *cfg, tallyfy_str org_id);
void groups_client_free(groups_client *client);
void groups_client_set_trace(groups_client *client, groups_trace trace, void *context);
void groups_client_set_sleep(groups_client *client, groups_sleep sleep, void *context);
/* The options of every call the client makes (defaults and a random seed from the library),
 * borrowed from the client: change them with the tallyfy_call_options_set_* functions. */
tallyfy_call_options *groups_client_options(groups_client *client);
/* The message of the last GROUPS_TRANSPORT_ERROR (libcurl's text for its error code, which
 * never holds the URL), borrowed from the client. */
const char *groups_client_transport_error(const groups_client *client);

/* Each returns TALLYFY_OK, a tallyfy_code with *err set (when err is not NULL), or
 * GROUPS_TRANSPORT_ERROR. Results are owned by the caller; arguments are read during the call. */
int groups_client_create(groups_client *client, const tallyfy_group_input *in, tallyfy_group **out,
                         tallyfy_error **err);
int groups_client_get(groups_client *client, tallyfy_str group_id, tallyfy_group **out, tallyfy_error **err);
int groups_client_list(groups_client *client, const tallyfy_list_query *query, tallyfy_group_page **out,
                       tallyfy_error **err);
/* Every group, page after page (`query` may be NULL): `each` sees them only when every page
 * was read; a list the driver cannot complete is an error, never a partial list. */
int groups_client_list_all(groups_client *client, const tallyfy_list_query *query, groups_each each, void *context,
                           tallyfy_error **err);
int groups_client_update(groups_client *client, tallyfy_str group_id, const tallyfy_group_input *changes,
                         tallyfy_group **out, tallyfy_error **err);
int groups_client_delete(groups_client *client, tallyfy_str group_id, tallyfy_error **err);

#endif
