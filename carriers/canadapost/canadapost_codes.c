/*
 * Canada Post event-identifier table and time-zone abbreviations.
 *
 * Sources: the delivered set is the one FORMATS.md gives (active_shipping's list: 1408-1438,
 * 1441, 1442, 1496-1499, 5300); the other codes come from the published samples (0100, 0156,
 * 0173, 0174, 0500, 1479, 1701, 20, 2300, 3000). The customs / damage / weather / not-home /
 * address codes (0117-0172, 0810) come from karrio's Canada Post incident table, zero-padded to
 * Canada Post's four-digit form; they are not checked against a Canada Post list.
 * Codes without a row map to in_transit: Canada Post gives no per-event category to fall back on.
 */
#include "canadapost_codes.h"

const pc_code_map pc__canadapost_codes[] = {
    {"0100", PC_STATUS_IN_TRANSIT, NULL}, /* Item processed at postal facility */
    {"0117", PC_STATUS_EXCEPTION, "exception.customs"},
    {"0119", PC_STATUS_EXCEPTION, "exception.damaged"},
    {"0120", PC_STATUS_EXCEPTION, "exception.customs"},
    {"0121", PC_STATUS_EXCEPTION, "exception.customs"},
    {"0125", PC_STATUS_EXCEPTION, "exception.customs"},
    {"0127", PC_STATUS_EXCEPTION, "exception.customs"},
    {"0156", PC_STATUS_AVAILABLE_FOR_PICKUP,
     "available_for_pickup.final_notice"}, /* Final notice; returned to sender if not collected */
    {"0159", PC_STATUS_EXCEPTION, "exception.weather"},
    {"0160", PC_STATUS_EXCEPTION, "exception.weather"},
    {"0161", PC_STATUS_EXCEPTION, "exception.weather"},
    {"0162", PC_STATUS_EXCEPTION, "exception.weather"},
    {"0163", PC_STATUS_EXCEPTION, "exception.weather"},
    {"0167", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"},
    {"0168", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"},
    {"0169", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"},
    {"0172", PC_STATUS_EXCEPTION, "exception.address"},
    {"0173", PC_STATUS_EXCEPTION,
     "exception.address"}, /* Customer addressing error found; attempting to correct */
    {"0174", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Item out for delivery */
    {"0500", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Out for delivery */
    {"0810", PC_STATUS_EXCEPTION, "exception.customs"},
    {"1408", PC_STATUS_DELIVERED, NULL},
    {"1409", PC_STATUS_DELIVERED, NULL},
    {"1410", PC_STATUS_DELIVERED, NULL},
    {"1411", PC_STATUS_DELIVERED, NULL},
    {"1412", PC_STATUS_DELIVERED, NULL},
    {"1413", PC_STATUS_DELIVERED, NULL},
    {"1414", PC_STATUS_DELIVERED, NULL},
    {"1415", PC_STATUS_DELIVERED, NULL},
    {"1416", PC_STATUS_DELIVERED, NULL},
    {"1417", PC_STATUS_DELIVERED, NULL},
    {"1418", PC_STATUS_DELIVERED, NULL},
    {"1419", PC_STATUS_DELIVERED, NULL},
    {"1420", PC_STATUS_DELIVERED, NULL},
    {"1421", PC_STATUS_DELIVERED, NULL},
    {"1422", PC_STATUS_DELIVERED, NULL},
    {"1423", PC_STATUS_DELIVERED, NULL},
    {"1424", PC_STATUS_DELIVERED, NULL},
    {"1425", PC_STATUS_DELIVERED, NULL},
    {"1426", PC_STATUS_DELIVERED, NULL},
    {"1427", PC_STATUS_DELIVERED, NULL},
    {"1428", PC_STATUS_DELIVERED, NULL},
    {"1429", PC_STATUS_DELIVERED, NULL},
    {"1430", PC_STATUS_DELIVERED, NULL},
    {"1431", PC_STATUS_DELIVERED, NULL},
    {"1432", PC_STATUS_DELIVERED, NULL},
    {"1433", PC_STATUS_DELIVERED, NULL},
    {"1434", PC_STATUS_DELIVERED, NULL},
    {"1435", PC_STATUS_DELIVERED, NULL},
    {"1436", PC_STATUS_DELIVERED, NULL},
    {"1437", PC_STATUS_DELIVERED, NULL},
    {"1438", PC_STATUS_DELIVERED, NULL},
    {"1441", PC_STATUS_DELIVERED, NULL},
    {"1442", PC_STATUS_DELIVERED, NULL},
    {"1479", PC_STATUS_FAILED_ATTEMPT,
     "failed_attempt.notice_left"}, /* Attempted delivery, notice card left */
    {"1496", PC_STATUS_DELIVERED, NULL},
    {"1497", PC_STATUS_DELIVERED, NULL},
    {"1498", PC_STATUS_DELIVERED, NULL},
    {"1499", PC_STATUS_DELIVERED, NULL},
    {"1701", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL}, /* Item available for pickup at Post Office */
    {"20", PC_STATUS_DELIVERED,
     "delivered.signed"}, /* Signature image recorded for online viewing */
    {"2300", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Item picked up by Canada Post */
    {"3000", PC_STATUS_INFO_RECEIVED, NULL}, /* Order/electronic information received */
    {"5300", PC_STATUS_DELIVERED, NULL},
};

const size_t pc__canadapost_codes_len =
    sizeof(pc__canadapost_codes) / sizeof(pc__canadapost_codes[0]);

/* English (EST...) and French (HNE = heure normale de l'Est, HAE = heure avancee de l'Est...). */
const pc__canadapost_tz pc__canadapost_zones[] = {
    {"NST", -210}, {"NDT", -150}, {"HNT", -210}, {"HAT", -150}, /* Newfoundland */
    {"AST", -240}, {"ADT", -180}, {"HNA", -240}, {"HAA", -180}, /* Atlantic */
    {"EST", -300}, {"EDT", -240}, {"HNE", -300}, {"HAE", -240}, /* Eastern */
    {"CST", -360}, {"CDT", -300}, {"HNC", -360}, {"HAC", -300}, /* Central */
    {"MST", -420}, {"MDT", -360}, {"HNR", -420}, {"HAR", -360}, /* Mountain (Rocheuses) */
    {"PST", -480}, {"PDT", -420}, {"HNP", -480}, {"HAP", -420}, /* Pacific */
};

const size_t pc__canadapost_zones_len =
    sizeof(pc__canadapost_zones) / sizeof(pc__canadapost_zones[0]);
