/**
 * @file dhl_internal.h
 * Shared between the DHL adapter's sources (dhl.c: adapter, requests, Unified JSON;
 * dhl_express.c: Express XML-PI and Parcel DE XML). Internal; not part of any ABI.
 */
#ifndef PC_CARRIER_DHL_INTERNAL_H
#define PC_CARRIER_DHL_INTERNAL_H

#include <parcelcast/adapter.h>
#include <parcelcast/model.h>
#include <parcelcast/timeutil.h>
#include <stddef.h>

/** Parse an XML body (Express XML-PI TrackingResponse / ShipmentTrackingErrorResponse, or a
 * Parcel DE piece-shipment-list). Same contract as pc_adapter.parse; limits are set. */
int pc__dhl_parse_xml(const pc_parse_input *in, pc_parse_result *out, pc_diag *diag);

/**
 * Set ev's time from a local wall time: the carrier's offset when given, else the zone of the
 * event's location, else the shipment's origin (pre-pickup stages) or destination (later ones),
 * else the other of the two. DHL has no home zone: a time that cannot be placed is an error.
 * @return 0, PC_ENOTFOUND (no zone), PC_EINVAL (impossible civil time).
 */
int pc__dhl_set_time(pc_event *ev, const pc_civil *local, int offset_min, const pc_shipment *s);

/**
 * Read a place written as text into loc, filling only fields still NULL.
 * - pc__dhl_locality: Unified addressLocality, comma-separated, most specific last:
 *   "Henderson, NV, US", "Oderweg 2, AMSTERDAM", "Deutschland". known_country (may be NULL) is
 *   the address's countryCode; a trailing part is taken as the country only when it agrees.
 * - pc__dhl_service_area: Express ServiceArea/Description "Barcelona - Spain ",
 *   "KINGSTON-JAM", "SPRINGFIELD GARDENS,NY-USA": city [,region] - country.
 * @return 0, PC_ENOMEM.
 */
int pc__dhl_locality(const char *s, size_t len, const char *known_country, pc_location *loc);
int pc__dhl_service_area(const char *s, size_t len, pc_location *loc);

/** render and parse_request callbacks (dhl_render.c): Unified JSON (PC_FORMAT_AUTO, JSON) or
 * Express XML-PI (XML); the inverse of build_request. Same contracts as pc_adapter's. */
int pc__dhl_render(const pc_shipment *shipments, size_t n_shipments, const pc_track_error *errors,
                   size_t n_errors, pc_format format, char **ret_body, size_t *ret_len,
                   int *ret_http_status);
int pc__dhl_parse_request(const char *method, const char *path_and_query, const char *body,
                          size_t body_len, char ***ret_numbers, size_t *ret_n);

#endif
