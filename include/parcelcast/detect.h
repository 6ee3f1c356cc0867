/**
 * @file detect.h
 * Tracking-number detection from a rules data file (share/parcelcast/detect.rules).
 */
#ifndef PARCELCAST_DETECT_H
#define PARCELCAST_DETECT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct pc_detect_rules pc_detect_rules;

typedef struct pc_detect_match {
    const char *carrier; /**< adapter name; owned by the rules, valid while they live */
    const char *format;  /**< rule name, e.g. "ups-1z", "upu-s10"; owned by the rules */
    bool check_ok;       /**< the check digit verified (true also for rules without one) */
    bool has_check;      /**< the rule has a check digit */
} pc_detect_match;

/**
 * Load rules from a file.
 * @param ret_err on PC_EMALFORMED, a malloc'd message naming the line (caller frees), else NULL.
 * @return 0, PC_EIO, PC_EMALFORMED, PC_ENOMEM.
 */
int pc_detect_rules_load(const char *path, pc_detect_rules **ret_rules, char **ret_err);

/** Free rules. Accepts NULL. */
void pc_detect_rules_free(pc_detect_rules *rules);

/**
 * Candidates for a tracking number (spaces and dashes ignored, case-insensitive). Matches with a
 * valid check digit come first.
 * @return the number of matches written (at most max), or a negative PC_E* code.
 */
int pc_detect(const pc_detect_rules *rules, const char *number, pc_detect_match *ret_matches,
              size_t max);

#endif
