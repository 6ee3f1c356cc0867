/*
 * Internals shared by the Canada Post adapter's sources (canadapost.c, canadapost_render.c).
 * Not part of any ABI; everything here is pure and thread-safe.
 */
#ifndef PC_CARRIERS_CANADAPOST_INTERNAL_H
#define PC_CARRIERS_CANADAPOST_INTERNAL_H

#include <parcelcast/adapter.h>
#include <stddef.h>

/** The adapter's render and parse_request (canadapost_render.c); contracts in adapter.h. render
 * answers in French when the events' descriptions are French, in English otherwise. */
int pc__canadapost_render(const pc_shipment *shipments, size_t n_shipments,
                          const pc_track_error *errors, size_t n_errors, pc_format format,
                          char **ret_body, size_t *ret_len, int *ret_http_status);
int pc__canadapost_parse_request(const char *method, const char *path_and_query, const char *body,
                                 size_t body_len, char ***ret_numbers, size_t *ret_n);

/**
 * render in a chosen language: french non-zero gives the French zone abbreviations (HNE, HAE...)
 * Canada Post writes for Accept-Language: fr-CA. Same returns as render (PC_EUNSUPPORTED for
 * more than one PIN, or a PIN and errors, in one body).
 */
int pc__canadapost_render_lang(const pc_shipment *shipments, size_t n_shipments,
                               const pc_track_error *errors, size_t n_errors, int french,
                               char **ret_body, size_t *ret_len, int *ret_http_status);

#endif
