/*
 * La Poste Suivi v2 event codes: the 19 codes of the API's published list (DR1 ... DI2).
 *
 * MD2 ("Mis en distribution"): the label La Poste sends with it reads "Votre colis est dans le
 * site de livraison qui dessert votre adresse. Nous le préparons pour le mettre en livraison."
 * The parcel is at the delivery depot being prepared, not yet on the round, so it maps to
 * in_transit with substatus in_transit.at_delivery_site, not out_for_delivery (karrio maps it,
 * and ET1, to out_for_delivery). Suivi v2 has no code for "on the delivery round": La Poste
 * shipments go from MD2 straight to DI1, and parcelcast sends no out_for_delivery notice for them.
 */
#include "laposte_codes.h"

#include <string.h>

const pc_code_map pc__laposte_codes[] = {
    {"AG1", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL}, /* En attente d'être retiré au guichet */
    {"DI1", PC_STATUS_DELIVERED, NULL},            /* Distribué */
    {"DI2", PC_STATUS_RETURNED, "returned.delivered_to_sender"},   /* Distribué à l'expéditeur */
    {"DO1", PC_STATUS_IN_TRANSIT, "in_transit.customs"},           /* Entrée en douane */
    {"DO2", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"},   /* Sortie de douane */
    {"DO3", PC_STATUS_EXCEPTION, "exception.customs"},             /* Retenu en douane */
    {"DR1", PC_STATUS_INFO_RECEIVED, NULL},                        /* Déclaratif réceptionné */
    {"EP1", PC_STATUS_IN_TRANSIT, "in_transit.awaiting_delivery"}, /* En attente de présentation */
    {"ET1", PC_STATUS_IN_TRANSIT, NULL},                           /* En cours de traitement */
    {"ET2", PC_STATUS_IN_TRANSIT, NULL}, /* ... dans le pays d'expédition */
    {"ET3", PC_STATUS_IN_TRANSIT, NULL}, /* ... dans le pays de destination */
    {"ET4", PC_STATUS_IN_TRANSIT, NULL}, /* ... dans un pays de transit */
    {"MD2", PC_STATUS_IN_TRANSIT, "in_transit.at_delivery_site"}, /* Mis en distribution */
    {"ND1", PC_STATUS_EXCEPTION, "exception.undeliverable"},      /* Non distribuable */
    {"PB1", PC_STATUS_EXCEPTION, NULL},                           /* Problème en cours */
    {"PB2", PC_STATUS_IN_TRANSIT, "in_transit.problem_resolved"}, /* Problème résolu */
    {"PC1", PC_STATUS_IN_TRANSIT, "in_transit.accepted"},         /* Pris en charge */
    {"PC2", PC_STATUS_IN_TRANSIT, "in_transit.accepted"}, /* ... dans le pays d'expédition */
    {"RE1", PC_STATUS_RETURNED, NULL},                    /* Retourné à l'expéditeur */
};

const size_t pc__laposte_codes_len = sizeof(pc__laposte_codes) / sizeof(pc__laposte_codes[0]);

pc_status pc__laposte_family_status(const char *code)
{
    if (code && (strncmp(code, "PB", 2) == 0 || strncmp(code, "ND", 2) == 0))
        return PC_STATUS_EXCEPTION;
    return PC_STATUS_IN_TRANSIT;
}
