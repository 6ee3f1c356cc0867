/* Helpers shared by the cmocka tests. */
#ifndef PC_TESTSUPPORT_H
#define PC_TESTSUPPORT_H

#include <parcelcast/adapter.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

/** NULL-terminated list of every adapter linked statically into the tests. */
extern const pc_adapter *const pc_test_adapters[];

/** Adapter by name from pc_test_adapters, or NULL. */
const pc_adapter *pc_test_adapter(const char *name);

/** Read a whole file (malloc'd, NUL-terminated); fails the test on error. */
char *pc_test_read_file(const char *path, size_t *ret_len);

/** A fresh empty directory under $TMPDIR (malloc'd path); removed by pc_test_rmdir. */
char *pc_test_tmpdir(const char *tag);
void pc_test_rmdir(const char *path);

/**
 * Run the parcelcast binary with argv (NULL-terminated, argv[0] ignored), stdin from
 * stdin_data (may be NULL), capturing stdout and stderr (malloc'd; may pass NULL to discard).
 * @return the exit status, or -1 if it did not exit normally.
 */
int pc_test_run(const char *const *argv, const char *stdin_data, char **ret_out, char **ret_err);

/** A background parcelcast process with its stderr captured. */
typedef struct pc_test_proc {
    int pid;
    int err_fd;
    char *log; /* everything read from stderr so far, NUL-terminated */
    size_t log_len;
} pc_test_proc;

/** Start the parcelcast binary (argv[0] ignored); stdout goes to /dev/null. */
void pc_test_spawn(const char *const *argv, pc_test_proc *ret);

/**
 * Read the process's stderr until `needle` and the rest of its line appear (0), or it exits /
 * timeout_ms passes (-1).
 * The timeout only guards against hangs; it is generous and not a speed assertion.
 */
int pc_test_wait_log(pc_test_proc *p, const char *needle, int timeout_ms);

/** Send sig and wait; returns the exit status, or 128+signal if killed by a signal. */
int pc_test_stop(pc_test_proc *p, int sig);

/**
 * One HTTP request with libcurl to a loopback URL. headers is NULL-terminated "Name: value".
 * @return the HTTP status (0 on transport failure); *ret_body malloc'd (may be NULL).
 */
long pc_test_http(const char *method, const char *url, const char *body, size_t body_len,
                  const char *const *headers, char **ret_body);

/* ---- carrier status-code tables ---- */
#include <parcelcast/normalize.h>

/** Every code listed in tests/carriers/<list> (one per line) has a row; at least min codes. */
void pc_test_codes_cover(const char *list, const pc_code_map *table, size_t n, size_t min);

/** Rows sorted and unique by code, statuses real, each substatus refining its status. */
void pc_test_codes_valid(const pc_code_map *table, size_t n);

typedef struct pc_test_code_case {
    const char *code;
    pc_status status;
    const char *substatus; /* NULL: must be NULL */
} pc_test_code_case;

/** Each case maps as stated (missing codes fail). */
void pc_test_codes_check(const pc_code_map *table, size_t n, const pc_test_code_case *cases,
                         size_t n_cases);

/* ---- render / parse_request round trips (tests/unit/test_render_*.c) ---- */
#include <stdbool.h>
#include <stdint.h>

/** The adapter `name`, failing the test unless it can render and parse requests. */
const pc_adapter *pc_test_render_adapter(const char *name);

/** Fails the test, naming `what` and both values, unless a and b are both NULL or equal. */
void pc_test_str_eq(const char *what, const char *a, const char *b);

/**
 * render (PC_FORMAT_AUTO) then the core's parse with the HTTP status render chose and the
 * request's numbers (requested may be NULL); fails the test unless both succeed.
 * @param out initialized by the call; caller frees with pc_parse_result_done().
 */
void pc_test_render_parse(const pc_adapter *a, const pc_shipment *s, size_t n,
                          const pc_track_error *e, size_t n_e, const char *const *requested,
                          size_t n_requested, int *ret_http, pc_parse_result *out);

/** What a carrier format carries, checked after a round trip (bits of pc_test_render_spec). */
enum {
    PC_TF_SUBSTATUS = 1 << 0,   /**< event substatus (minus spec.lossy_substatus) */
    PC_TF_CODE = 1 << 1,        /**< event code */
    PC_TF_DESCRIPTION = 1 << 2, /**< event description */
    PC_TF_CITY = 1 << 3,        /**< event location fields, one bit each */
    PC_TF_REGION = 1 << 4,
    PC_TF_POSTAL_CODE = 1 << 5,
    PC_TF_COUNTRY = 1 << 6,
    PC_TF_NO_LOCATION = 1 << 7, /**< events come back without any location */
    PC_TF_CARRIER_ETA = 1 << 8, /**< shipment carrier_eta */
    PC_TF_SERVICE = 1 << 9,     /**< shipment service */
    PC_TF_SIGNED_BY = 1 << 10,  /**< shipment signed_by */
    PC_TF_ENDPOINTS = 1 << 11,  /**< origin and destination countries */
    PC_TF_WHOLE = 1 << 12,      /**< fixtures: the whole normalized JSON, errors with code and
                                     message; fixtures with nothing parsed are skipped */
};

/** One carrier's render tests. */
typedef struct pc_test_render_spec {
    const char *adapter;
    uint64_t seed;           /**< simulator seed */
    size_t n_shipments;      /**< simulated shipments of this carrier */
    unsigned n_moments;      /**< snapshots per shipment (pc_sim_moment) */
    unsigned sim_fields;     /**< PC_TF_* compared on simulated histories */
    unsigned fixture_fields; /**< PC_TF_* compared on fixtures (time, offset, status, substatus
                                  of the shipment and event count always) */
    bool requested;          /**< parse is told the requested number */
    bool full_history;       /**< also the whole history; every body HTTP 200; more than 5
                                  events a shipment on average */
    /** NULL-terminated simulator substatuses the format cannot carry (NULL: none). */
    const char *const *lossy_substatus;
    /** Status parse gives back for simulated event ev (newest: the last of the history); NULL:
     * ev->status, and the shipment status must come back exact. */
    pc_status (*expected_status)(const pc_event *ev, int newest);
    /** Applied to both sides of a fixture round trip before comparing (may be NULL). */
    void (*fixture_fixup)(const char *fixture, pc_shipment *s);
    size_t min_fixtures; /**< fixtures that must parse */
    size_t min_fixtures_with_shipments;
} pc_test_render_spec;

/**
 * Simulated histories of spec->adapter at spec->n_moments moments each: parse(render(snapshot))
 * gives the snapshot back in the fields the format carries; a snapshot before the label renders
 * to not_found naming the number.
 */
void pc_test_render_sim(const pc_test_render_spec *spec);

/** Every fixture under tests/carriers/<adapter>: parse(render(parse(fixture))) is
 * parse(fixture) in spec->fixture_fields; a whole-request error comes back as one. */
void pc_test_render_fixtures(const pc_test_render_spec *spec);

/** One error rendered alone and parsed back. */
typedef struct pc_test_error_case {
    pc_track_error_kind kind;
    pc_track_error_kind back; /**< kind parse gives back */
    bool numbered;            /**< the rendered error carries the number */
    bool named;               /**< the parsed error names it (else: no number) */
    int http;                 /**< status render chooses */
    const char *message;      /**< message of the rendered error (may be NULL) */
} pc_test_error_case;

/** Render each case with `number` and parse it back (told the number when `requested`). */
void pc_test_render_errors(const pc_adapter *a, const char *number, bool requested,
                           const pc_test_error_case *cases, size_t n);

/** Errors each naming its number, rendered in one body with status `http`, parse back in order
 * with their kinds and numbers. */
void pc_test_render_error_list(const pc_adapter *a, const pc_track_error *errors, size_t n,
                               int http);

/** parse_request(build_request(cfg, numbers)) gives the numbers back (cfg may be NULL). */
void pc_test_request_round_trip(const pc_adapter *a, const pc_adapter_config *cfg,
                                const char *const *numbers, size_t n);

/**
 * parse_request(build_request(cfg, ...)) for 1 and for max_batch (at most 64) numbers, the i-th
 * written by number(i), then for `odd` alone.
 */
void pc_test_request_round_trips(const pc_adapter *a, const pc_adapter_config *cfg,
                                 void (*number)(size_t i, char *buf, size_t size), const char *odd);

/** A request parse_request must refuse. */
typedef struct pc_test_bad_request {
    const char *method, *path, *body;
    int rc;
} pc_test_bad_request;

/** Each request is refused with its rc, leaving no numbers. */
void pc_test_requests_refused(const pc_adapter *a, const pc_test_bad_request *bad, size_t n);

/* ---- a stepped simulated clock for a poller against an in-process sandbox ---- */
#include <parcelcast/config.h>
#include <parcelcast/sandbox.h>

/** Simulated now (UTC seconds) and the sandbox that follows it; one pair per test process. */
extern _Atomic int64_t pc_test_sim_now;
extern pc_sandbox *pc_test_sim_sandbox;
/** Poller clock and sleep callbacks: a sleep passes simulated time, for the sandbox too. */
int64_t pc_test_sim_clock(void *ctx);
void pc_test_sim_sleep(void *ctx, int64_t secs);

/** pc_config_set, failing the test with the message on error. */
void pc_test_config_set(pc_config *cfg, const char *key, const char *value);

#endif
