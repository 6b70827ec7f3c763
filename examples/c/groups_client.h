/*
 * A C host for libtallyfy: sends the library's requests with libcurl, hands the answers back
 * to it, and retries as the library's policy says (429 honouring Retry-After up to its cap;
 * 502-504, and a request that got no answer at all, for idempotent methods).
 *
 * The host knows the access token and keeps it out of everything it produces, exactly: errors
 * (message, field errors, request id, transport message) and traces never contain it, even when
 * a server echoes it back (the library's heuristic redaction of server text is the second line
 * of defence).
 */
#ifndef GROUPS_CLIENT_H
#define GROUPS_CLIENT_H

#include "tallyfy.h"

/* Returned instead of a tallyfy_code when the HTTP exchange itself failed (after the retries
 * the policy allows when the request got no answer). */
#define GROUPS_TRANSPORT_ERROR (-1)

typedef struct groups_client groups_client;

/* One exchange as a trace sees it: copies of what was sent, with the access token replaced by
 * "[redacted]" wherever it appears (the Authorization header, and any id or body that held it),
 * and the status received. Borrowed for the duration of the trace call. */
typedef struct groups_exchange {
    const char *method;
    const char *url;
    const tallyfy_header *headers;
    size_t header_count;
    const char *body; /* NULL: no body */
    long status;
} groups_exchange;

/* Called after every exchange (retries included). */
typedef void (*groups_trace)(const groups_exchange *exchange, void *context);

/* A client for `org_id` (copied) using `cfg` (borrowed: it must outlive the client). NULL when
 * libcurl cannot start. Release it with groups_client_free(). */
groups_client *groups_client_new(const tallyfy_config *cfg, const char *org_id);
void groups_client_free(groups_client *client);
void groups_client_set_trace(groups_client *client, groups_trace trace, void *context);
/* The message of the last GROUPS_TRANSPORT_ERROR, borrowed from the client. */
const char *groups_client_transport_error(const groups_client *client);

/* Each returns TALLYFY_OK, a tallyfy_code with *err set (when err is not NULL), or
 * GROUPS_TRANSPORT_ERROR. Results are owned by the caller. */
int groups_client_create(groups_client *client, const tallyfy_group_input *in, tallyfy_group **out,
                         tallyfy_error **err);
int groups_client_get(groups_client *client, const char *group_id, tallyfy_group **out, tallyfy_error **err);
int groups_client_list(groups_client *client, const tallyfy_list_query *query, tallyfy_group_page **out,
                       tallyfy_error **err);
int groups_client_update(groups_client *client, const char *group_id, const tallyfy_group_input *changes,
                         tallyfy_group **out, tallyfy_error **err);
int groups_client_delete(groups_client *client, const char *group_id, tallyfy_error **err);

#endif
