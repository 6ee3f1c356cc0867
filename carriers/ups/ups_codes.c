/*
 * UPS status-code tables, one per code family of UPS's published tracking code lists
 * (../shared/carrier-samples/codes/ups_Tracking-*.txt; code columns copied into
 * tests/carriers/ups/<family>.list, checked by tests/unit/test_codes_ups.c). "Section" below means
 * a section of ups_Tracking-all-codes-exceptions-movement-delivery.txt, which concatenates all
 * lists.
 *
 * Mapping policy (see ups.c for how the families are combined):
 * - customs: routine clearance steps ("pending release from a Government Agency", "preparing
 *   your package for clearance") are in_transit.customs, releases in_transit.customs_cleared;
 *   only steps that need someone to act (information required, rejected, held) are
 *   exception.customs. UPS's own three-digit codes draw the same line (012/092 vs 058).
 * - customer-requested changes (reroute, hold, reschedule, upgrade) are
 *   in_transit.delivery_change; carrier-side delays are exception.delayed.
 * - "delivered to a UPS Access Point / post office for pickup" is available_for_pickup: the
 *   receiver does not have the parcel yet. Refusals are returned.refused.
 * - the delivered-to spot codes of the DIALS list refine delivered (safe_place, reception,
 *   in_person, mailbox, neighbor, parcel_locker).
 * Each row carries UPS's text as a comment, shortened to fit the line.
 */
#include "ups_codes.h"

/* Activity types (status.type / StatusType/Code). Source: ups_Tracking-package-activity-types.txt;
 * "P" (pickup) is seen in real data but missing from the list. */
const pc_code_map pc__ups_types[] = {
    {"D", PC_STATUS_DELIVERED, NULL},     /* Delivered */
    {"DD", PC_STATUS_IN_TRANSIT, NULL},   /* Delivered Destination CFS (Freight Only) */
    {"DO", PC_STATUS_IN_TRANSIT, NULL},   /* Delivered Origin CFS (Freight Only) */
    {"I", PC_STATUS_IN_TRANSIT, NULL},    /* In Transit, Out for Delivery */
    {"M", PC_STATUS_INFO_RECEIVED, NULL}, /* Billing Information Received */
    {"MV", PC_STATUS_EXCEPTION, "exception.cancelled"},  /* Billing Information Voided */
    {"NA", PC_STATUS_IN_TRANSIT, NULL},                  /* Not Available */
    {"P", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Pickup (seen in real data, not in... */
    {"U", PC_STATUS_IN_TRANSIT, NULL},                   /* Updates (Track Alert API Only) */
    {"W", PC_STATUS_IN_TRANSIT, NULL},                   /* Warehousing (Freight Only) */
    {"X", PC_STATUS_EXCEPTION, NULL},                    /* Exception */
};
const size_t pc__ups_types_len = sizeof(pc__ups_types) / sizeof(pc__ups_types[0]);

/* Three-digit status codes (status.statusCode), zero-padded to three digits. Source:
 * ups_Tracking-status-description-codes.txt, which prints them without leading zeros ("3" =
 * "003"). */
const pc_code_map pc__ups_status_codes[] = {
    {"000", PC_STATUS_PENDING, NULL},                            /* Status Not Available */
    {"003", PC_STATUS_INFO_RECEIVED, NULL},                      /* Shipment Ready for UPS */
    {"005", PC_STATUS_IN_TRANSIT, NULL},                         /* On the Way */
    {"006", PC_STATUS_OUT_FOR_DELIVERY, NULL},                   /* Out for Delivery */
    {"007", PC_STATUS_EXCEPTION, "exception.cancelled"},         /* Shipment Information Voided */
    {"010", PC_STATUS_IN_TRANSIT, NULL},                         /* On the Way */
    {"011", PC_STATUS_DELIVERED, NULL},                          /* Delivered */
    {"012", PC_STATUS_IN_TRANSIT, "in_transit.customs"},         /* Clearance in Progress */
    {"013", PC_STATUS_EXCEPTION, NULL},                          /* Exception */
    {"014", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Clearance Completed */
    {"016", PC_STATUS_IN_TRANSIT, NULL},                         /* In Warehouse */
    {"017", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},               /* Held for Customer Pickup */
    {"018", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery Change Requested:... */
    {"019", PC_STATUS_EXCEPTION, "exception.held"},              /* Held for Future Delivery */
    {"020", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Held for Future Delivery R... */
    {"021", PC_STATUS_OUT_FOR_DELIVERY, NULL},                   /* Out for Delivery */
    {"022", PC_STATUS_FAILED_ATTEMPT, NULL},                     /* First Attempt Made */
    {"023", PC_STATUS_FAILED_ATTEMPT, NULL},                     /* Second Delivery Attempted */
    {"024", PC_STATUS_FAILED_ATTEMPT, NULL},                     /* Final Attempt Made */
    {"025", PC_STATUS_IN_TRANSIT, NULL},                         /* On the Way */
    {"026", PC_STATUS_DELIVERED, "delivered.post_office"}, /* Delivered by Local Post Office */
    {"027", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery Address Change Re... */
    {"028", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery Address Changed */
    {"029", PC_STATUS_EXCEPTION, NULL},                          /* Exception: Action Required */
    {"030", PC_STATUS_EXCEPTION, NULL},                          /* Local Post Office Exception */
    {"032", PC_STATUS_EXCEPTION, "exception.weather"},     /* Adverse Weather May Cause Delay */
    {"033", PC_STATUS_RETURNED, NULL},                     /* Return to Sender Requested */
    {"034", PC_STATUS_RETURNED, NULL},                     /* Returned to Sender */
    {"035", PC_STATUS_RETURNED, NULL},                     /* Returning to Sender */
    {"036", PC_STATUS_RETURNED, NULL},                     /* Returning to Sender: In Transit */
    {"037", PC_STATUS_OUT_FOR_DELIVERY, NULL},             /* Out for Delivery */
    {"038", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Picked Up by UPS */
    {"039", PC_STATUS_IN_TRANSIT, NULL},                   /* On the Way */
    {"040", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},         /* Ready for Customer Pickup */
    {"041", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Service Upgrade Requested */
    {"042", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Service Upgraded */
    {"043", PC_STATUS_EXCEPTION, "exception.pickup"},            /* Voided Pickup */
    {"044", PC_STATUS_IN_TRANSIT, NULL},                         /* On the Way to UPS */
    {"045", PC_STATUS_IN_TRANSIT, NULL},                         /* On the Way to UPS */
    {"046", PC_STATUS_EXCEPTION, "exception.delayed"},           /* Delay */
    {"047", PC_STATUS_IN_TRANSIT, NULL},                         /* On the Way */
    {"048", PC_STATUS_EXCEPTION, "exception.delayed"},           /* Delay */
    {"049", PC_STATUS_EXCEPTION, "exception.delayed"},           /* Delay: Action Required */
    {"050", PC_STATUS_EXCEPTION, "exception.address"},           /* Address Information Required */
    {"051", PC_STATUS_EXCEPTION, "exception.weather"}, /* Delay: Emergency Situation or Severe... */
    {"052", PC_STATUS_EXCEPTION, "exception.weather"}, /* Delay: Severe Weather */
    {"053", PC_STATUS_EXCEPTION, "exception.weather"}, /* Delay: Severe Weather */
    {"054", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery Change Requested */
    {"055", PC_STATUS_EXCEPTION, "exception.delayed"},           /* Rescheduled Delivery */
    {"056", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Service Upgrade Requested */
    {"057", PC_STATUS_IN_TRANSIT, NULL},               /* On the Way to a Local UPS Access Point */
    {"058", PC_STATUS_EXCEPTION, "exception.customs"}, /* Clearance Information Required */
    {"059", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Damage Reported */
    {"060", PC_STATUS_FAILED_ATTEMPT, NULL},           /* Delivery Attempted */
    {"061", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.signature_required"}, /* Delivery Attemp... */
    {"062", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.payment_required"}, /* Delivery Attempte... */
    {"063", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery Change Completed */
    {"064", PC_STATUS_RETURNED, "returned.refused"},             /* Delivery Refused */
    {"065", PC_STATUS_EXCEPTION, "exception.pickup"},            /* Pickup Attempted */
    {"066", PC_STATUS_FAILED_ATTEMPT, NULL},                 /* Post Office Delivery Attempted */
    {"067", PC_STATUS_RETURNED, NULL},                       /* Returned to Sender by Post Office */
    {"068", PC_STATUS_EXCEPTION, "exception.lost"},          /* Sent to Lost and Found */
    {"069", PC_STATUS_EXCEPTION, "exception.undeliverable"}, /* Unable to Deliver */
    {"070", PC_STATUS_IN_TRANSIT, NULL},             /* Package not at UPS Access Point yet */
    {"071", PC_STATUS_IN_TRANSIT, NULL},             /* Preparing for Delivery */
    {"072", PC_STATUS_OUT_FOR_DELIVERY, NULL},       /* Loaded on Delivery Vehicle */
    {"073", PC_STATUS_IN_TRANSIT, NULL},             /* In Transit to UPS Delivery Partner */
    {"074", PC_STATUS_IN_TRANSIT, NULL},             /* UPS Delivery Partner has Shipment */
    {"075", PC_STATUS_IN_TRANSIT, NULL},             /* Scheduled for Delivery */
    {"076", PC_STATUS_EXCEPTION, NULL},              /* UPS Delivery Partner Exception */
    {"077", PC_STATUS_INFO_RECEIVED, NULL},          /* Scheduled for Pickup Today */
    {"078", PC_STATUS_OUT_FOR_DELIVERY, NULL},       /* Your Driver is Arriving Soon! */
    {"079", PC_STATUS_IN_TRANSIT, NULL},             /* Order Processed: In Transit to UPS */
    {"080", PC_STATUS_INFO_RECEIVED, NULL},          /* Order Processed: Ready for UPS */
    {"081", PC_STATUS_RETURNED, "returned.damaged"}, /* Returned - Damage Reported */
    {"082", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery Instructions Rece... */
    {"083", PC_STATUS_EXCEPTION, "exception.held"},              /* Held */
    {"084", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Cleared */
    {"085", PC_STATUS_EXCEPTION, "exception.payment"},           /* Held for COD Payment */
    {"086", PC_STATUS_EXCEPTION, "exception.delayed"},           /* Delay */
    {"087", PC_STATUS_IN_TRANSIT, NULL},                         /* On the Way */
    {"088", PC_STATUS_IN_TRANSIT, NULL},                         /* Test */
    {"089", PC_STATUS_OUT_FOR_DELIVERY, NULL},                   /* Out for Delivery */
    {"090", PC_STATUS_EXCEPTION, "exception.delayed"},           /* Delay */
    {"091", PC_STATUS_OUT_FOR_DELIVERY, NULL},                   /* Out for Delivery */
    {"092", PC_STATUS_IN_TRANSIT, "in_transit.customs"},         /* Customs Clearance in Progress */
    {"093", PC_STATUS_EXCEPTION, NULL},                          /* Premier Recovery In Progress */
    {"094", PC_STATUS_IN_TRANSIT, NULL},                         /* Premier Recovery Completed */
    {"095", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Additional Attempt Requested */
    {"096", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Address Change Confirmed */
    {"097", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Address Change Requested */
    {"098", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Deliver to Original Addres... */
    {"099", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Deliver to Original Addres... */
    {"100", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Hold at UPS Access Point C... */
    {"101", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Hold at UPS Access Point R... */
    {"102", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Hold for Courier Requested */
    {"103", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Hold for Courier Confirmed */
    {"104", PC_STATUS_EXCEPTION, "exception.held"}, /* Hold for Instructions Confirmed */
    {"105", PC_STATUS_EXCEPTION, "exception.held"}, /* Hold for Instructions Requested */
    {"106", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Hold for Pickup Confirmed */
    {"107", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Hold for Pickup Requested */
    {"108", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Hold for Pickup Today Conf... */
    {"109", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Hold for Pickup Today Requ... */
    {"110", PC_STATUS_IN_TRANSIT, NULL},                         /* Refrigeration Confirmed */
    {"111", PC_STATUS_IN_TRANSIT, NULL},                         /* Refrigeration Requested */
    {"112", PC_STATUS_IN_TRANSIT, NULL},                         /* Re-Ice Confirmed */
    {"113", PC_STATUS_IN_TRANSIT, NULL},                         /* Re-Ice Requested */
    {"114", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Request Canceled */
    {"115", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Reschedule Delivery Confirmed */
    {"116", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Reschedule Delivery Requested */
    {"117", PC_STATUS_RETURNED, NULL},                           /* Return by Saturday Confirmed */
    {"118", PC_STATUS_RETURNED, NULL},                           /* Return to Sender Confirmed */
    {"119", PC_STATUS_RETURNED, NULL},                           /* Return to Sender Requested */
    {"120", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Saturday Delivery Confirmed */
    {"121", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Saturday Delivery Requested */
    {"122", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Upgrade Confirmed */
    {"123", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Pending Release From Non-UPS Broker */
    {"124", PC_STATUS_EXCEPTION, "exception.customs"},   /* Clearance Information Needed */
    {"125", PC_STATUS_EXCEPTION, "exception.customs"},   /* Clearance Information Needed */
    {"126", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Pending Government Agency Release */
    {"127", PC_STATUS_EXCEPTION, "exception.claim"},     /* Investigation Closed */
    {"128", PC_STATUS_EXCEPTION, "exception.claim"},     /* Investigation Canceled */
    {"129", PC_STATUS_EXCEPTION, "exception.claim"},     /* Investigation Opened */
    {"130", PC_STATUS_EXCEPTION, "exception.claim"},     /* Claim in Progress */
    {"131", PC_STATUS_EXCEPTION, "exception.pickup"},    /* Final Pickup Attempted */
    {"132", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Airport Security Delay */
    {"133", PC_STATUS_DELIVERED, NULL},                  /* Return Label Left With Customer */
    {"134", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Cleared Import Customs */
    {"135", PC_STATUS_EXCEPTION, "exception.pickup"},            /* Second Pickup Attempted */
    {"136", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery Rescheduled for S... */
    {"137", PC_STATUS_IN_TRANSIT, NULL}, /* Transferred to UPS Delivery Partner */
    {"138", PC_STATUS_IN_TRANSIT, NULL}, /* Awaiting Scheduled Departure */
    {"139", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_access"}, /* Security Access Required */
    {"140", PC_STATUS_EXCEPTION, "exception.claim"}, /* Claim Paid - Claim Payment Has Been Pr... */
    {"141", PC_STATUS_EXCEPTION, "exception.customs"}, /* Incomplete Documentation Received */
    {"142", PC_STATUS_EXCEPTION, "exception.claim"},   /* Claim Voided */
    {"143", PC_STATUS_DELIVERED, "delivered.agent"},   /* Delivered to Agent */
    {"144", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.post_office"}, /* Delivered... */
    {"145", PC_STATUS_FAILED_ATTEMPT, NULL},          /* Delivery Attempted */
    {"146", PC_STATUS_OUT_FOR_DELIVERY, NULL},        /* Out for Delivery */
    {"147", PC_STATUS_EXCEPTION, "exception.seized"}, /* Seized by Law Enforcement, No Longer... */
    {"148", PC_STATUS_EXCEPTION, NULL},               /* Package Information Unavailable */
    {"149", PC_STATUS_EXCEPTION, "exception.seized"}, /* Prohibited Contents, Package Destroye... */
    {"153", PC_STATUS_IN_TRANSIT, NULL},              /* Updated Delivery Time */
    {"154", PC_STATUS_IN_TRANSIT, NULL},              /* Updated Delivery Date */
    {"155", PC_STATUS_DELIVERED, NULL},               /* Delivery Photo */
    {"156", PC_STATUS_DELIVERED, "delivered.safe_place"},  /* Commercial Inside Release */
    {"157", PC_STATUS_INFO_RECEIVED, NULL},                /* Shipment Ready for UPS */
    {"158", PC_STATUS_IN_TRANSIT, NULL},                   /* On the Way */
    {"159", PC_STATUS_IN_TRANSIT, NULL},                   /* On the Way */
    {"160", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* We Have Your Package */
    {"161", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.access_point"}, /* Delivered... */
    {"162", PC_STATUS_OUT_FOR_DELIVERY, NULL},             /* Out for Delivery */
    {"163", PC_STATUS_EXCEPTION, NULL},                    /* Package Information Unavailable */
    {"164", PC_STATUS_IN_TRANSIT, NULL},                   /* On the Way */
    {"165", PC_STATUS_IN_TRANSIT, NULL},                   /* On the Way */
    {"166", PC_STATUS_INFO_RECEIVED, NULL},                /* Shipment Ready for Roadie */
    {"167", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Dropped off at UPS Store by Cust... */
    {"168", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Dropped off at Retail Location b... */
    {"169", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Dropped off at a UPS Access Poin... */
};
const size_t pc__ups_status_codes_len =
    sizeof(pc__ups_status_codes) / sizeof(pc__ups_status_codes[0]);

/* Package exception codes (used with type X). Source: "Package Exceptions" section. */
const pc_code_map pc__ups_exception_codes[] = {
    {"1", PC_STATUS_EXCEPTION, "exception.delayed"}, /* The package was missed at the destinat... */
    {"11", PC_STATUS_EXCEPTION, "exception.delayed"}, /* The package did not arrive at the des... */
    {"13", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Damage Is Being Held At Transit Hub */
    {"14", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The service has been change... */
    {"15", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A train derailment has delayed delive... */
    {"16", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A mechanical failure has delayed deli... */
    {"17", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A late UPS trailer arrival has delaye... */
    {"18", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A late flight has caused a delay. We... */
    {"19", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A late UPS trailer arrival has caused... */
    {"1A", PC_STATUS_EXCEPTION, NULL},                /* UPS is working to resolve the issue. */
    {"1B", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Package is delayed in transit. Delive... */
    {"1C", PC_STATUS_EXCEPTION, "exception.customs"}, /* Import charges are due for this packa... */
    {"1D", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Import C.O.D. (ICOD) charges have b... */
    {"1E", PC_STATUS_EXCEPTION, "exception.weather"}, /* The post office indicates your UPS Su... */
    {"1F", PC_STATUS_EXCEPTION, "exception.seized"}, /* Per government agency instruction, UPS... */
    {"1G", PC_STATUS_EXCEPTION, "exception.delayed"}, /* The cargo-aircraft-only dangerous goo... */
    {"1H", PC_STATUS_EXCEPTION, "exception.delayed"}, /* The ADR dangerous goods package is be... */
    {"1K", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A late flight has caused a delay. We... */
    {"1L", PC_STATUS_EXCEPTION, "exception.delayed"}, /* The package is delayed and will resum... */
    {"1M", PC_STATUS_IN_TRANSIT, NULL}, /* The hazard materials delay was resolved, and the pa... */
    {"1O", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A mechanical failure has caused a del... */
    {"1P", PC_STATUS_IN_TRANSIT, NULL}, /* Your package is in transit. We're updating plans to... */
    {"1Q", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We were unable to load the package on... */
    {"1T", PC_STATUS_IN_TRANSIT, NULL}, /* The receiver requested/created a pre-authorized ret... */
    {"1U", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"1V", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, your pac... */
    {"1W", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"1X", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your package is delayed. Check back l... */
    {"2", PC_STATUS_EXCEPTION, "exception.delayed"},  /* Your delivery will be rescheduled. */
    {"22", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We were unable to dispatch the traile... */
    {"23", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A railroad mechanical failure has del... */
    {"24", PC_STATUS_RETURNED, "returned.damaged"}, /* Merchandise missing, balance being retu... */
    {"25", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Merchandise missing, balance is being... */
    {"26", PC_STATUS_EXCEPTION, "exception.lost"}, /* All merchandise missing, empty carton wa... */
    {"27", PC_STATUS_EXCEPTION, "exception.lost"}, /* All merchandise missing, empty carton is... */
    {"29", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"2A", PC_STATUS_EXCEPTION, "exception.weather"}, /* Recent weather has caused delivery de... */
    {"2B", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"2E", PC_STATUS_EXCEPTION, NULL}, /* UPS will contact the sender or receiver with updated... */
    {"2G", PC_STATUS_EXCEPTION, "exception.claim"}, /* The package is not claim eligible becau... */
    {"2H", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, your pac... */
    {"2N", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"2O", PC_STATUS_IN_TRANSIT, NULL},                 /* Departed from Facility */
    {"2R", PC_STATUS_IN_TRANSIT, NULL}, /* UPS will deliver your UPS Surepost package instead... */
    {"2S", PC_STATUS_IN_TRANSIT, NULL}, /* SurePost Package Sent To Consignee */
    {"2T", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"2U", PC_STATUS_IN_TRANSIT, NULL}, /* We'll be in your area and will deliver your UPS Sur... */
    {"2V", PC_STATUS_IN_TRANSIT, NULL}, /* Your package was sent back to the post office for d... */
    {"2X", PC_STATUS_FAILED_ATTEMPT, NULL}, /* We were unable to deliver your package. It's on... */
    {"2Y", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, your pac... */
    {"2Z", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We were unable to dispatch the traile... */
    {"3", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We've missed the scheduled transfer ti... */
    {"30", PC_STATUS_EXCEPTION, "exception.cancelled"}, /* The request for this package was ca... */
    {"31", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, your pac... */
    {"33", PC_STATUS_EXCEPTION, "exception.payment"}, /* The billing option selected is not va... */
    {"34", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We've incorrectly sorted this package... */
    {"37", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Intercept request was succe... */
    {"39", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.ups_facility"}, /* The sender... */
    {"3A", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, your pac... */
    {"3B", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, your pac... */
    {"3C", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, your pac... */
    {"3D", PC_STATUS_EXCEPTION, "exception.weather"}, /* We're working to deliver your package... */
    {"3J", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.business_closed"}, /* UPS Access Point lo... */
    {"3L", PC_STATUS_FAILED_ATTEMPT, NULL}, /* UPS Access Point location unable to accept pack... */
    {"3N", PC_STATUS_RETURNED, NULL}, /* The package was not picked up by the receiver at the... */
    {"3P", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Package has been received from UP... */
    {"3Q", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The package upgrade has bee... */
    {"3R", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Upgrade completed; deliver... */
    {"3S", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* As requested, package was u... */
    {"3T", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Delivery will be delayed by one busin... */
    {"3U", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Upgrade completed; reschedu... */
    {"3V", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Upgrade completed; deliver... */
    {"3W", PC_STATUS_IN_TRANSIT, NULL}, /* The request for a service upgrade through UPS My Ch... */
    {"3Z", PC_STATUS_EXCEPTION, "exception.claim"}, /* The package is not claim eligible becau... */
    {"4", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A UPS processing error has delayed del... */
    {"40", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"43", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS contacted the sender for addition... */
    {"45", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Your package was damaged in transit.... */
    {"46", PC_STATUS_EXCEPTION, "exception.delayed"}, /* The service selected is not available... */
    {"47", PC_STATUS_EXCEPTION, "exception.address"}, /* We do not currently serve the destina... */
    {"48", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"}, /* The receiver was not av... */
    {"49", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"}, /* The receiver was not av... */
    {"4B", PC_STATUS_IN_TRANSIT, NULL}, /* The package was transferred to a postal provider fo... */
    {"4C", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"4F", PC_STATUS_IN_TRANSIT, NULL},                 /* Package In Transit; Delivery Scheduled */
    {"4H", PC_STATUS_IN_TRANSIT, NULL}, /* Your UPS SurePost package was moved by the post off... */
    {"4I", PC_STATUS_EXCEPTION, "exception.held"},    /* The package is in storage. */
    {"4J", PC_STATUS_IN_TRANSIT, NULL},               /* Shipment removed from storage. */
    {"4K", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We were unable to dispatch the traile... */
    {"4L", PC_STATUS_DELIVERED, NULL}, /* We were required to use the lift gate in order to co... */
    {"4M", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* At the customer's request,... */
    {"4N", PC_STATUS_IN_TRANSIT, NULL}, /* Upgrade will not be processed, nor any UPS My Choic... */
    {"4P", PC_STATUS_EXCEPTION, "exception.held"}, /* The package is either overweight or over... */
    {"4Q", PC_STATUS_EXCEPTION, "exception.held"}, /* Requires Approval */
    {"4R", PC_STATUS_RETURNED, NULL}, /* The package is being returned to the sender or re-del... */
    {"4S", PC_STATUS_RETURNED, NULL}, /* The package was returned to the sender via freight fo... */
    {"4T", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"4Y", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your shipment is scheduled to arrive... */
    {"4Z", PC_STATUS_EXCEPTION, "exception.address"}, /* The address label became detached fro... */
    {"5", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release from... */
    {"51", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.payment_required"}, /* We tried to delive... */
    {"52", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.payment_required"}, /* The driver was una... */
    {"54", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.ups_facility"}, /* The receiv... */
    {"55", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.business_closed"}, /* The receiving busin... */
    {"56", PC_STATUS_DELIVERED, "delivered.late"}, /* This delivery was made after the UPS ser... */
    {"59", PC_STATUS_DELIVERED, "delivered.late"}, /* This delivery was made after the UPS ser... */
    {"5A", PC_STATUS_EXCEPTION, "exception.claim"}, /* This claim has been processed. Please r... */
    {"5B", PC_STATUS_EXCEPTION, "exception.claim"}, /* This claim requires additional document... */
    {"5D", PC_STATUS_EXCEPTION, "exception.cancelled"}, /* The customer cancelled the package... */
    {"5G", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.access_point"}, /* The packag... */
    {"5R", PC_STATUS_FAILED_ATTEMPT, NULL}, /* We were unable to deliver your package. It's on... */
    {"5S", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Reroute to an alternate UPS... */
    {"5T", PC_STATUS_EXCEPTION, "exception.held"}, /* Package held; UPS will contact customer... */
    {"5U", PC_STATUS_EXCEPTION, "exception.held"}, /* The original UPS Access Point is not ava... */
    {"5V", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery could not be made... */
    {"5W", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The original UPS Access Poi... */
    {"5Z", PC_STATUS_EXCEPTION, "exception.address"}, /* Delivery to UPS Access Point location... */
    {"6", PC_STATUS_EXCEPTION, "exception.delayed"},  /* We've misrouted the package. This may... */
    {"60", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Your package contains hazardous ma... */
    {"63", PC_STATUS_EXCEPTION, NULL},                   /* UPS will follow-up with the Sender. */
    {"64", PC_STATUS_DELIVERED, "delivered.damaged"}, /* Merchandise has been delivered to the... */
    {"65", PC_STATUS_RETURNED, "returned.damaged"}, /* Damaged merchandise discarded, remainin... */
    {"66", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Damaged merchandise returned, remaini... */
    {"67", PC_STATUS_EXCEPTION, "exception.damaged"}, /* The damaged merchandise is being held... */
    {"68", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A mechanical failure has delayed deli... */
    {"6B", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.access_point"}, /* Packages a... */
    {"6C", PC_STATUS_RETURNED, NULL}, /* The maximum days to hold the package at the UPS Acces... */
    {"6D", PC_STATUS_EXCEPTION, "exception.weather"}, /* We're working to deliver your package... */
    {"6E", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your package was not received at the... */
    {"6G", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Modification of the receive... */
    {"6H", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The package will be deliver... */
    {"6I", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The package will be deliver... */
    {"6J", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery to a UPS Access Po... */
    {"6K", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The package will be deliver... */
    {"6L", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Package not eligible for UP... */
    {"6P", PC_STATUS_IN_TRANSIT, NULL}, /* Package in transit and scheduled for UPS delivery a... */
    {"6R", PC_STATUS_FAILED_ATTEMPT, NULL}, /* We were unable to deliver your package. It's on... */
    {"6T", PC_STATUS_EXCEPTION, "exception.payment"}, /* The C.O.D. exceeds the amount allowed... */
    {"6W", PC_STATUS_EXCEPTION, "exception.claim"}, /* This claim request has been voided. Ple... */
    {"6X", PC_STATUS_EXCEPTION, "exception.claim"}, /* The claim documentation is currently un... */
    {"6Z", PC_STATUS_IN_TRANSIT, NULL}, /* UPS My Choice member's chosen UPS Access Point pref... */
    {"7", PC_STATUS_EXCEPTION, "exception.delayed"},  /* We've misrouted the package. This may... */
    {"71", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"72", PC_STATUS_EXCEPTION, "exception.held"}, /* The package will be held until all packa... */
    {"73", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* The package contains articles that... */
    {"76", PC_STATUS_OUT_FOR_DELIVERY, NULL},            /* Scheduled for delivery today. */
    {"77", PC_STATUS_IN_TRANSIT, NULL}, /* The package will be forwarded to a UPS facility in... */
    {"78", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The sender requested a deli... */
    {"79", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* We updated the delivery inf... */
    {"7C", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* UPS SurePost package was up... */
    {"7D", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* UPS SurePost package was up... */
    {"7E", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* UPS SurePost package upgrad... */
    {"7F", PC_STATUS_EXCEPTION, "exception.customs"}, /* Import charges are due for this packa... */
    {"7G", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Disruption in network - tractor trailer */
    {"7H", PC_STATUS_EXCEPTION, "exception.customs"}, /* The package is missing duty informati... */
    {"7I", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is reviewing the shipment clear... */
    {"7L", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"}, /* Receiver not available.... */
    {"7M", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"7N", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We're working to deliver your package... */
    {"7P", PC_STATUS_EXCEPTION, "exception.customs"}, /* The importer has not assigned a broke... */
    {"7Q", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The receiver has requested... */
    {"7R", PC_STATUS_EXCEPTION, "exception.delayed"}, /* UPS delayed the package during the av... */
    {"7S", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A government agency delayed the packa... */
    {"7T", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"7U", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"7V", PC_STATUS_EXCEPTION, "exception.weather"}, /* An emergency situation or severe weat... */
    {"7W", PC_STATUS_EXCEPTION, "exception.weather"}, /* Severe weather conditions have delaye... */
    {"7X", PC_STATUS_EXCEPTION, "exception.weather"}, /* Recent weather has caused delivery de... */
    {"7Y", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, your pac... */
    {"7Z", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Delivery will be delayed by one busin... */
    {"8", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, your pack... */
    {"84", PC_STATUS_FAILED_ATTEMPT, NULL}, /* Package cannot be delivered because it does not... */
    {"87", PC_STATUS_EXCEPTION, "exception.delayed"}, /* The freight shipment is delayed. */
    {"89", PC_STATUS_FAILED_ATTEMPT, NULL}, /* We were unable to deliver your package. It's on... */
    {"8A", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Sender tendered the shipment to UPS a... */
    {"8C", PC_STATUS_DELIVERED, "delivered.late"}, /* After further review, your package may n... */
    {"8D", PC_STATUS_EXCEPTION, "exception.undeliverable"}, /* The package is undeliverable an... */
    {"8E", PC_STATUS_DELIVERED, "delivered.late"}, /* After further review, your package may n... */
    {"8F", PC_STATUS_DELIVERED, "delivered.late"}, /* After further review, your package may n... */
    {"8G", PC_STATUS_EXCEPTION, "exception.delayed"}, /* The UPS SurePost package was misroute... */
    {"8H", PC_STATUS_RETURNED, "returned.refused"}, /* The receiver refused the package that r... */
    {"8I", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.access_point"}, /* The packag... */
    {"8K", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, the deli... */
    {"8L", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, the deli... */
    {"8M", PC_STATUS_IN_TRANSIT, NULL}, /* We'll be in your area and will deliver your UPS Sur... */
    {"8R", PC_STATUS_IN_TRANSIT, NULL}, /* Your package is in transit. We're updating plans to... */
    {"8Y", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your package will be delivered one bu... */
    {"8Z", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your package will be delivered one bu... */
    {"90", PC_STATUS_RETURNED, NULL}, /* There is an embargo on the destination country, and t... */
    {"91", PC_STATUS_EXCEPTION, "exception.payment"}, /* The C.O.D. tag is either illegible or... */
    {"92", PC_STATUS_IN_TRANSIT, NULL}, /* The receiver has agreed to accept the delivery char... */
    {"93", PC_STATUS_IN_TRANSIT, NULL}, /* Package could not be located for intercept. */
    {"95", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_access"}, /* We are trying to get the... */
    {"99", PC_STATUS_EXCEPTION, NULL},     /* Please contact UPS for additional information. */
    {"9C", PC_STATUS_INFO_RECEIVED, NULL}, /* A UPS Mobile shipment was created and is linked... */
    {"9D", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* UPS printed and applied the shipp... */
    {"9F", PC_STATUS_EXCEPTION, "exception.prohibited"},  /* This type of lithium battery is a... */
    {"9I", PC_STATUS_IN_TRANSIT, NULL},                   /* The address has been corrected. */
    {"9J", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* The UPS Store printed and applied... */
    {"9K", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* A UPS retail location printed and... */
    {"9L", PC_STATUS_EXCEPTION, "exception.delayed"}, /* The package is delayed due to a Eurot... */
    {"9M", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to special operating conditions,... */
    {"9N", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to special operating conditions,... */
    {"9O", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to special operating conditions,... */
    {"9P", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to special operating conditions,... */
    {"9Q", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to special operating conditions,... */
    {"9R", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to special operating conditions,... */
    {"9S", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We were unable to dispatch the traile... */
    {"9T", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to special operating conditions,... */
    {"9U", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to special operating conditions,... */
    {"9V", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to special operating conditions,... */
    {"9X", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to special operating conditions,... */
    {"9Y", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to special operating conditions,... */
    {"9Z", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to special operating conditions,... */
    {"A1", PC_STATUS_RETURNED, "returned.damaged"}, /* All merchandise is being returned. UPS... */
    {"A2", PC_STATUS_EXCEPTION, "exception.damaged"}, /* All merchandise was not recoverable a... */
    {"A3", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Damaged merchandise discarded, remain... */
    {"A4", PC_STATUS_EXCEPTION, "exception.damaged"}, /* All merchandise is being delivered. U... */
    {"A5", PC_STATUS_EXCEPTION, "exception.address"}, /* The receiver's location was damaged b... */
    {"A6", PC_STATUS_EXCEPTION, "exception.address"}, /* Your package cannot be delivered to a... */
    {"A7", PC_STATUS_EXCEPTION, "exception.address"}, /* The receiver has moved. We're attempt... */
    {"A8", PC_STATUS_EXCEPTION, "exception.address"}, /* The apartment number is either missin... */
    {"A9", PC_STATUS_EXCEPTION, "exception.address"}, /* Directions to the address are require... */
    {"AA", PC_STATUS_EXCEPTION, "exception.address"}, /* The suite number is either missing or... */
    {"AB", PC_STATUS_EXCEPTION, "exception.address"}, /* The receiver is not listed in the bui... */
    {"AC", PC_STATUS_EXCEPTION, "exception.address"}, /* The city name in the address is incor... */
    {"AD", PC_STATUS_EXCEPTION, "exception.address"}, /* The company or receiver name is incor... */
    {"AE", PC_STATUS_EXCEPTION, "exception.address"}, /* The street number is incorrect. This... */
    {"AF", PC_STATUS_EXCEPTION, "exception.address"}, /* The street name is incorrect. This ma... */
    {"AG", PC_STATUS_EXCEPTION, "exception.address"}, /* The address is incomplete. This may d... */
    {"AH", PC_STATUS_IN_TRANSIT, NULL},               /* Address Corrected, Delivery Rescheduled */
    {"AJ", PC_STATUS_EXCEPTION, "exception.lost"}, /* Merchandise is missing. UPS will notify... */
    {"AK", PC_STATUS_EXCEPTION, "exception.address"}, /* The state shown in the address is inc... */
    {"AL", PC_STATUS_EXCEPTION, "exception.address"}, /* The postal code for the receiver is i... */
    {"AM", PC_STATUS_RETURNED, "returned.refused"}, /* The receiver has canceled the product o... */
    {"AN", PC_STATUS_RETURNED, "returned.refused"}, /* The receiver determined this is a dupli... */
    {"AO", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"AP", PC_STATUS_RETURNED, "returned.refused"}, /* The receiver had no invoice information... */
    {"AQ", PC_STATUS_RETURNED, "returned.refused"}, /* The receiver doesn't accept C.O.D.s and... */
    {"AS", PC_STATUS_RETURNED, "returned.refused"}, /* The receiver determined this product or... */
    {"AT", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The receiver has requested... */
    {"AV", PC_STATUS_EXCEPTION, "exception.address"}, /* Receiver's address is a rural route.... */
    {"AW", PC_STATUS_EXCEPTION, "exception.address"}, /* Your package cannot be delivered to a... */
    {"AX", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"}, /* The receiver is on vaca... */
    {"AY", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.business_closed"}, /* The receiving busin... */
    {"AZ", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Delivery has been rescheduled due to... */
    {"B1", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Unfortunately, a labor strike (unrela... */
    {"B3", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"B4", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"B5", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"B6", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"B8", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"B9", PC_STATUS_EXCEPTION, "exception.customs"}, /* A missing commercial invoice is causi... */
    {"BA", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"BB", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"BD", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"BE", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"BF", PC_STATUS_EXCEPTION, "exception.held"}, /* We're attempting to get further instruct... */
    {"BG", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"BH", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"BJ", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"BK", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"BP", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"BQ", PC_STATUS_EXCEPTION, NULL}, /* We've attempted to contact the receiver regarding pi... */
    {"BR", PC_STATUS_EXCEPTION, NULL}, /* We've left a message for the receiver to contact us. */
    {"BT", PC_STATUS_EXCEPTION, NULL}, /* We're attempting to contact the receiver to request... */
    {"BV", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"BW", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"BX", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"BZ", PC_STATUS_EXCEPTION, "exception.undeliverable"}, /* The package is undeliverable an... */
    {"C3", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"C4", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"}, /* The receiver was not av... */
    {"C5", PC_STATUS_EXCEPTION, "exception.weather"}, /* An emergency situation or severe weat... */
    {"C6", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Delivery will be delayed by one busin... */
    {"C7", PC_STATUS_EXCEPTION, "exception.payment"}, /* The C.O.D. amount is missing from the... */
    {"C8", PC_STATUS_EXCEPTION, "exception.address"}, /* The receiver is no longer in business. */
    {"C9", PC_STATUS_EXCEPTION, NULL}, /* Your package exceeds the maximum length we can accept. */
    {"CA", PC_STATUS_EXCEPTION, NULL}, /* Your package exceeds the maximum dimensions we can a... */
    {"CC", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, your pac... */
    {"CD", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We've left the package on one of our... */
    {"CE", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"CF", PC_STATUS_RETURNED, NULL}, /* We're awaiting Customs authorization before returning... */
    {"CG", PC_STATUS_EXCEPTION, NULL}, /* A new tracking number was assigned to this package.... */
    {"CH", PC_STATUS_EXCEPTION, NULL}, /* The package contains multiple, duplicate tracking nu... */
    {"CJ", PC_STATUS_EXCEPTION, NULL}, /* The tracking number on this package has been altered... */
    {"CK", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A rerouted flight has delayed deliver... */
    {"CL", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We've missed the scheduled transfer t... */
    {"CM", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A flight cancelation has delayed deli... */
    {"CN", PC_STATUS_EXCEPTION, "exception.held"}, /* Your package has been delayed due to an... */
    {"CP", PC_STATUS_EXCEPTION, "exception.held"}, /* Your package has been delayed due to an... */
    {"CQ", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A mechanical failure has caused a del... */
    {"CS", PC_STATUS_RETURNED, NULL},                 /* Shipper Requested Return Of Package */
    {"CT", PC_STATUS_EXCEPTION, "exception.customs"}, /* Your shipment is being held under the... */
    {"CV", PC_STATUS_EXCEPTION, NULL}, /* Your package exceeds the maximum weight we can accept. */
    {"CW", PC_STATUS_EXCEPTION, "exception.address"}, /* We cannot deliver to an APO or FPO ad... */
    {"CX", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"CY", PC_STATUS_EXCEPTION, "exception.address"}, /* We were unable to obtain complete add... */
    {"CZ", PC_STATUS_EXCEPTION, "exception.customs"}, /* Hazardous materials labeling is missi... */
    {"D0", PC_STATUS_EXCEPTION, "exception.customs"}, /* Your pkg has been delayed due to miss... */
    {"D1", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We've misrouted the package. This may... */
    {"D2", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* The commodity value of your packag... */
    {"D4", PC_STATUS_EXCEPTION, "exception.delayed"}, /* The service selected is not available... */
    {"D5", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"D7", PC_STATUS_EXCEPTION, NULL}, /* We'll contact the sender or receiver about this deli... */
    {"D9", PC_STATUS_EXCEPTION, "exception.customs"}, /* Value of Goods charges are due for th... */
    {"DA", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Released By Clear Agency. N... */
    {"DB", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"DC", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your package arrived late to the dest... */
    {"DD", PC_STATUS_EXCEPTION, NULL},                /* We're unable to contact the receiver. */
    {"DE", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"DF", PC_STATUS_EXCEPTION, "exception.weather"}, /* A natural disaster has delayed delive... */
    {"DG", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Civil demonstration has delayed your... */
    {"DJ", PC_STATUS_EXCEPTION, "exception.weather"}, /* Severe weather conditions have delaye... */
    {"DL", PC_STATUS_RETURNED, NULL}, /* The package will be returned to the sender. */
    {"DN", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"DP", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Your package contains a commodity... */
    {"DQ", PC_STATUS_EXCEPTION, "exception.delayed"}, /* This delivery address is in a remote... */
    {"DR", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A mechanical failure has delayed deli... */
    {"DS", PC_STATUS_EXCEPTION, "exception.address"}, /* The address label is illegible. This... */
    {"DT", PC_STATUS_EXCEPTION, NULL}, /* Fax/Email Has Been Sent to the receiver to request a... */
    {"DU", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We are experiencing transit delays. W... */
    {"DW", PC_STATUS_EXCEPTION, "exception.address"}, /* The delivery location is vacant. */
    {"DY", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"E0", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* An alternate delivery addre... */
    {"E1", PC_STATUS_EXCEPTION, "exception.address"}, /* The floor number is either missing or... */
    {"E2", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.ups_facility"}, /* Receiver R... */
    {"E3", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, your pac... */
    {"E4", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"E7", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Value of Goods charges have been paid. */
    {"E8", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"E9", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"ED", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We've left the package in one of our... */
    {"EH", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your package may be delayed. We are a... */
    {"EN", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your package may be delayed. We are a... */
    {"EO", PC_STATUS_IN_TRANSIT, NULL}, /* We've arranged a special flight to complete your de... */
    {"ER", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"ES", PC_STATUS_EXCEPTION, "exception.customs"}, /* Your package entry was rejected by th... */
    {"EU", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"EV", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"EW", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"EX", PC_STATUS_EXCEPTION, NULL}, /* Your package exceeds the maximum weight we can accept. */
    {"EY", PC_STATUS_EXCEPTION, "exception.customs"}, /* Import C.O.D. (ICOD) charges are due... */
    {"F0", PC_STATUS_IN_TRANSIT, NULL},               /* Arrival Scan */
    {"F3", PC_STATUS_IN_TRANSIT, NULL},               /* Departure Scan */
    {"F4", PC_STATUS_DELIVERED, NULL},                /* Delivered */
    {"F5", PC_STATUS_EXCEPTION, NULL},  /* A temperature control intercept has been issued for... */
    {"F7", PC_STATUS_IN_TRANSIT, NULL}, /* Your UPS SurePost package was delivered to an Agent... */
    {"F8", PC_STATUS_EXCEPTION, "exception.lost"}, /* We're attempting to verify the package l... */
    {"FA", PC_STATUS_EXCEPTION, "exception.address"}, /* We were unable to obtain additional a... */
    {"FE", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"FF", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"FG", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Air Traffic Control resulted in a del... */
    {"FM", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.signature_required"}, /* We tried to deli... */
    {"FN", PC_STATUS_DELIVERED, NULL},                  /* Receiver acknowledges receipt */
    {"FT", PC_STATUS_DELIVERED, "delivered.picked_up"}, /* The receiver has picked up their pa... */
    {"FW", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* A recovery intercept was re... */
    {"G1", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* As requested by the sender,... */
    {"G3", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.business_closed"}, /* We tried to deliver... */
    {"G4", PC_STATUS_EXCEPTION, "exception.pickup"}, /* We tried to pickup the package, but it... */
    {"G5", PC_STATUS_EXCEPTION, "exception.pickup"}, /* The package was not ready for pickup a... */
    {"G6", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A required security check has delayed... */
    {"G7", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.signature_required"}, /* We tried to deli... */
    {"G8", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.signature_required"}, /* UPS was not able... */
    {"G9", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your package may be delayed due to a... */
    {"GB", PC_STATUS_FAILED_ATTEMPT, NULL},           /* Delivery Attempted */
    {"GC", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your package has been delayed due to... */
    {"GD", PC_STATUS_IN_TRANSIT, NULL},               /* Arrived At Facility */
    {"GF", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"GH", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A mechanical failure has delayed deli... */
    {"GI", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A mechanical failure has delayed deli... */
    {"GN", PC_STATUS_EXCEPTION, "exception.claim"}, /* Your investigation has been closed with... */
    {"GO", PC_STATUS_EXCEPTION, "exception.claim"}, /* The investigation requires additional m... */
    {"GQ", PC_STATUS_EXCEPTION, "exception.claim"}, /* The investigation has been closed. We w... */
    {"GR", PC_STATUS_EXCEPTION, "exception.claim"}, /* This investigation has been closed and... */
    {"GV", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your UPS Premier package will be deli... */
    {"GZ", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"H1", PC_STATUS_EXCEPTION, "exception.address"}, /* The street type shown in the address... */
    {"H2", PC_STATUS_EXCEPTION, "exception.address"}, /* The street prefix is either missing o... */
    {"H3", PC_STATUS_EXCEPTION, "exception.address"}, /* The street suffix is incorrect. This... */
    {"H4", PC_STATUS_EXCEPTION, "exception.address"}, /* The borough or county shown in the ad... */
    {"H5", PC_STATUS_EXCEPTION, "exception.address"}, /* Incomplete address information may de... */
    {"H6", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* We received a request to ch... */
    {"H7", PC_STATUS_EXCEPTION, "exception.delayed"}, /* The delivery area is inaccessible due... */
    {"H8", PC_STATUS_RETURNED, NULL}, /* The package is being returned to the sender at a diff... */
    {"H9", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* A hazardous materials irregularity... */
    {"HA", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your package is delayed. Check back l... */
    {"HD", PC_STATUS_EXCEPTION, "exception.damaged"}, /* After the delivery was made, the pack... */
    {"HE", PC_STATUS_EXCEPTION, "exception.damaged"}, /* The receiver reported the package was... */
    {"HF", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Package reported picked up - pick... */
    {"HG", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your UPS Premier package has encounte... */
    {"HH", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your package is delayed. Check back l... */
    {"HJ", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Your package was upgraded t... */
    {"HK", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* This package contains alcohol, and... */
    {"HL", PC_STATUS_IN_TRANSIT, NULL}, /* Your package was processed at our facility. */
    {"HM", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The package has been redire... */
    {"HN", PC_STATUS_EXCEPTION, NULL}, /* Liability because of Unsecured Contents In unit load... */
    {"HO", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* This package contains alcohol and... */
    {"HQ", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.notice_left"}, /* We've left a notice abo... */
    {"HR", PC_STATUS_EXCEPTION, "exception.damaged"}, /* The package was damaged in transit. W... */
    {"HW", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"I1", PC_STATUS_RETURNED, NULL}, /* As requested by the sender, the package is being retu... */
    {"I2", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* This package contains alcohol and... */
    {"I3", PC_STATUS_EXCEPTION, NULL}, /* You can make alternate delivery arrangements by call... */
    {"I5", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.access_point"}, /* Your packa... */
    {"I8", PC_STATUS_IN_TRANSIT, NULL}, /* Your package is in transit. We're updating plans to... */
    {"I9", PC_STATUS_EXCEPTION, "exception.claim"}, /* There are instructions on your account... */
    {"IB", PC_STATUS_EXCEPTION, NULL}, /* The delivery has been rescheduled and linked to a ne... */
    {"IJ", PC_STATUS_IN_TRANSIT, NULL}, /* Directions Found, Delivery Rescheduled */
    {"IP", PC_STATUS_IN_TRANSIT, NULL}, /* import scan (crossed an international border betwee... */
    {"IQ", PC_STATUS_FAILED_ATTEMPT, NULL}, /* The receiver was unable to provide a valid PIN.... */
    {"IR", PC_STATUS_FAILED_ATTEMPT, NULL}, /* The receiver was unable to provide a valid PIN... */
    {"IY", PC_STATUS_EXCEPTION, "exception.seized"}, /* Your UPS Ground Saver package was seiz... */
    {"J0", PC_STATUS_EXCEPTION, "exception.seized"}, /* Your UPS Ground Saver package was seiz... */
    {"J8", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Dispatch For One Additional Day */
    {"J9", PC_STATUS_IN_TRANSIT, NULL},               /* Refrigerate. */
    {"JA", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* As requested by the sender,... */
    {"JB", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* We have updated the deliver... */
    {"JC", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The recovery intercept was... */
    {"JH", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The sender requested a modi... */
    {"JI", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* We've requested a modified... */
    {"JJ", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* There was a modification to... */
    {"K1", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We've missed the scheduled pickup tim... */
    {"K2", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Sender tendered the shipment to UPS a... */
    {"K5", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A guaranteed service refund has been... */
    {"K6", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A guaranteed service refund has been... */
    {"K7", PC_STATUS_DELIVERED, NULL}, /* The receiver has acknowledged receipt of this package. */
    {"K8", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* A UPS Proactive Response in... */
    {"KI", PC_STATUS_RETURNED, "returned.refused"}, /* The receiver refused to pay the C.O.D.... */
    {"KM", PC_STATUS_DELIVERED, NULL},  /* The package was delivered at the receiver's location. */
    {"KN", PC_STATUS_DELIVERED, NULL},  /* The receiver chose to keep the package. */
    {"KO", PC_STATUS_IN_TRANSIT, NULL}, /* UPS Contacted The Receiver */
    {"KP", PC_STATUS_RETURNED, NULL},   /* The package will be returned to the sender. */
    {"KQ", PC_STATUS_RETURNED, "returned.refused"}, /* The receiver refused, the package appea... */
    {"KR", PC_STATUS_RETURNED, "returned.refused"}, /* The receiver does not want the product... */
    {"KS", PC_STATUS_RETURNED, "returned.refused"}, /* The receiver states the product was not... */
    {"KT", PC_STATUS_RETURNED, "returned.refused"}, /* The receiver refused the delivery. */
    {"KX", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"}, /* We missed you again. A... */
    {"KY", PC_STATUS_EXCEPTION, "exception.pickup"}, /* We tried to pick up the package again,... */
    {"KZ", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.payment_required"}, /* The driver was not... */
    {"L0", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery instructions have... */
    {"L1", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.business_closed"}, /* We tried to deliver... */
    {"L2", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"L3", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"L5", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"L8", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery instructions have... */
    {"LE", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A mechanical failure has delayed deli... */
    {"LF", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A mechanical failure has delayed deli... */
    {"LH", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Saturday guaranteed service is not av... */
    {"LI", PC_STATUS_EXCEPTION, "exception.held"}, /* The shipment is being held in the logist... */
    {"LN", PC_STATUS_EXCEPTION, "exception.damaged"}, /* The damage inspection request has bee... */
    {"LO", PC_STATUS_EXCEPTION, "exception.damaged"}, /* The damage inspection request has bee... */
    {"LQ", PC_STATUS_EXCEPTION, "exception.damaged"}, /* We've scheduled an inspection of the... */
    {"LU", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* We updated the delivery inf... */
    {"LV", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package Forwarded To Government Agency */
    {"LX", PC_STATUS_IN_TRANSIT, NULL},               /* Package transferred to post office */
    {"LY", PC_STATUS_IN_TRANSIT, NULL}, /* The shipment is in transit for final delivery. Deli... */
    {"LZ", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* At the sender's request, we... */
    {"MF", PC_STATUS_EXCEPTION, "exception.held"}, /* This package is being held for a future... */
    {"MI", PC_STATUS_EXCEPTION, "exception.customs"}, /* Your package was returned to the impo... */
    {"MT", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We've missed the scheduled transfer t... */
    {"NI", PC_STATUS_EXCEPTION, "exception.cancelled"}, /* The package was discarded at the se... */
    {"NP", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your UPS Premier package has encounte... */
    {"NW", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, your pac... */
    {"O0", PC_STATUS_RETURNED, NULL}, /* Due to regulatory issues your wine shipment is being... */
    {"O1", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* A delivery change for this... */
    {"O2", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* We've modified the requeste... */
    {"O3", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* We received an additional r... */
    {"O4", PC_STATUS_RETURNED, NULL}, /* The package will be returned to the sender. */
    {"O5", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The receiver will pick up t... */
    {"O6", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* We've rescheduled this deli... */
    {"O7", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Your package will be delive... */
    {"O8", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The receiver arranged to pi... */
    {"O9", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* A Same-day Will Call was ar... */
    {"OA", PC_STATUS_IN_TRANSIT, NULL}, /* Transfer to freight forwarding service. */
    {"OB", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"OD", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your UPS Premier package has encounte... */
    {"OH", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"}, /* No one was available to... */
    {"OI", PC_STATUS_EXCEPTION, "exception.customs"}, /* Your UPS Premier package has encounte... */
    {"OJ", PC_STATUS_EXCEPTION, "exception.address"}, /* Your UPS Premier package has incorrec... */
    {"OL", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The receiver has requested... */
    {"OM", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Missing shipment data is causing a de... */
    {"OQ", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"OR", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Your package is being held because... */
    {"OS", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Your package is being delayed due... */
    {"OT", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"P4", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* We Have Your Package */
    {"P6", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Pkg Delay-Rail Check Beyond UPS Control */
    {"P7", PC_STATUS_IN_TRANSIT, NULL}, /* Apple volume at origin pending departure on Charter... */
    {"PG", PC_STATUS_IN_TRANSIT, NULL}, /* Processing at UPS Facility */
    {"PH", PC_STATUS_EXCEPTION, "exception.address"}, /* Shipment Held To Verify Name Or Address */
    {"PI", PC_STATUS_FAILED_ATTEMPT, NULL}, /* The receiver did not present proper identificat... */
    {"PP", PC_STATUS_RETURNED, NULL}, /* We have returned the package to the sender using the... */
    {"PZ", PC_STATUS_EXCEPTION, "exception.weather"}, /* Severe weather conditions have delaye... */
    {"Q0", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Previous local labor dispute has caus... */
    {"Q1", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We are experiencing transit delays. W... */
    {"R1", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"R3", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery instructions have... */
    {"R4", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"R5", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"R6", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"R7", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"R8", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery instructions have... */
    {"RA", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"RB", PC_STATUS_IN_TRANSIT, NULL},               /* Processing At UPS Facility */
    {"RC", PC_STATUS_IN_TRANSIT, NULL},               /* Received by the local post office */
    {"RD", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"RE", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"RF", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Saturday delivery has been... */
    {"RG", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The operating facility acce... */
    {"RH", PC_STATUS_IN_TRANSIT, NULL}, /* The operating facility was not able to meet the req... */
    {"RI", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* As requested, the UPS My Ch... */
    {"RJ", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"RK", PC_STATUS_OUT_FOR_DELIVERY, NULL},           /* Out for Delivery Today */
    {"RL", PC_STATUS_OUT_FOR_DELIVERY, NULL},           /* Out For Delivery */
    {"RM", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"RO", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery will be reschedule... */
    {"RP", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"RR", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"RS", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"RU", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"RV", PC_STATUS_RETURNED, NULL}, /* We will return the package to the sender on Saturday. */
    {"RW", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* A second delivery attempt h... */
    {"RX", PC_STATUS_EXCEPTION, "exception.customs"}, /* Exporter Power Of Attorney Required */
    {"RY", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A non-UPS labor dispute has delayed d... */
    {"RZ", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"S0", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery instructions have... */
    {"S1", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"S2", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"S3", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"S4", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"S5", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"S6", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The receiver will only acce... */
    {"S7", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.ups_facility"}, /* The receiv... */
    {"S8", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A late UPS trailer arrival has caused... */
    {"S9", PC_STATUS_EXCEPTION, "exception.lost"}, /* We've sent the package to UPS lost and f... */
    {"SF", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"SI", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"SJ", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"SL", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"SN", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"SO", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery instructions have... */
    {"SP", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"SS", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"SU", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery instructions have... */
    {"SV", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"SX", PC_STATUS_IN_TRANSIT, NULL}, /* Your package is in transit. We're updating plans to... */
    {"SY", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"T3", PC_STATUS_EXCEPTION, "exception.held"}, /* The sender requested that we hold this p... */
    {"T4", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The sender requested a chan... */
    {"T5", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The customer has requested... */
    {"T6", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The customer has requested... */
    {"T7", PC_STATUS_IN_TRANSIT, NULL}, /* Your package has been placed in a climate controlle... */
    {"T8", PC_STATUS_IN_TRANSIT, NULL}, /* Your package has been removed from a climate contro... */
    {"T9", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"TA", PC_STATUS_EXCEPTION, NULL},                  /* We've contacted the sender. */
    {"TB", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The receiver requested a te... */
    {"TC", PC_STATUS_EXCEPTION, NULL},                          /* Package not available. */
    {"TE", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* As requested, the package is moving... */
    {"TF", PC_STATUS_EXCEPTION, "exception.address"}, /* We require a phone number for the del... */
    {"TG", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* A sample of the shipment was taken... */
    {"TH", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your delivery has been rescheduled fo... */
    {"TI", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Service disruption occurred. */
    {"TJ", PC_STATUS_EXCEPTION, "exception.lost"}, /* We sent the package to UPS Lost and Found. */
    {"TK", PC_STATUS_EXCEPTION, NULL},             /* UPS Will Contact The Sender With Details */
    {"TL", PC_STATUS_IN_TRANSIT, NULL}, /* The delivery information was updated in error. We'v... */
    {"TN", PC_STATUS_EXCEPTION, "exception.delayed"}, /* We're unable to deliver your package... */
    {"TO", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Same Day Will Call for cour... */
    {"TR", PC_STATUS_INFO_RECEIVED, NULL}, /* Pickup is scheduled for the next business day. */
    {"TS", PC_STATUS_EXCEPTION, NULL},     /* Rs Label Has Been Discarded */
    {"TT", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Package resubmitted to Clearing Age... */
    {"TU", PC_STATUS_RETURNED, NULL}, /* Address information is incomplete. The package was re... */
    {"TV", PC_STATUS_EXCEPTION, "exception.damaged"},    /* Damaged in transit-chemical / liquid. */
    {"TX", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Generally prohibited item identifi... */
    {"U0", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Unauthorized animal identified in... */
    {"U3", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Unauthorized plant identified in p... */
    {"UA", PC_STATUS_RETURNED, NULL}, /* UPS has returned your package to the sender. */
    {"UD", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The receiver requested an a... */
    {"UE", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.ups_facility"}, /* A special... */
    {"UF", PC_STATUS_RETURNED, NULL}, /* We're in the process of returning this package to the... */
    {"UG", PC_STATUS_EXCEPTION, "exception.held"}, /* The package is being held for a future d... */
    {"UI", PC_STATUS_IN_TRANSIT, NULL}, /* Your package is in transit to the UPS facility. */
    {"UK", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Due to operating conditions, your pac... */
    {"UL", PC_STATUS_EXCEPTION, "exception.claim"},   /* Claim issued. */
    {"UN", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* The package contains an unauthoriz... */
    {"UO", PC_STATUS_EXCEPTION, "exception.lost"},       /* Lost package investigation */
    {"UP", PC_STATUS_EXCEPTION, "exception.lost"}, /* We're attempting to verify the package l... */
    {"UR", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Unauthorized hazardous material id... */
    {"US", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Undeclared hazardous material iden... */
    {"UT", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery instructions have... */
    {"UW", PC_STATUS_EXCEPTION, "exception.claim"},             /* Unpaid Cod Investigation */
    {"UX", PC_STATUS_EXCEPTION, "exception.claim"},             /* Investigation Only */
    {"UZ", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Same Day Will Call For Cour... */
    {"V9", PC_STATUS_IN_TRANSIT, NULL}, /* Your UPS Premier package has received Gel Pack Repl... */
    {"VA", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The receiver canceled the w... */
    {"VB", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.ups_facility"}, /* Will-call... */
    {"VD", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* UPS will redeliver to same... */
    {"VE", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.ups_facility"}, /* Cust Will... */
    {"VF", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Customer has made arrangeme... */
    {"VG", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* We'll attempt to redeliver today. */
    {"VH", PC_STATUS_IN_TRANSIT, NULL},       /* We've confirmed arrangements with customer. */
    {"VI", PC_STATUS_EXCEPTION, NULL},        /* Unable to contact customer at primary number. */
    {"VJ", PC_STATUS_EXCEPTION, NULL},        /* Unable to contact customer at alternate number. */
    {"VK", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"VL", PC_STATUS_EXCEPTION, "exception.delayed"}, /* The business is closed for the weeken... */
    {"VM", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The delivery change was com... */
    {"VN", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* The receiver arranged for s... */
    {"VP", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"VQ", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* MRN (Movement Reference Number) pro... */
    {"VR", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* MRN (Movement Reference Number) pro... */
    {"VU", PC_STATUS_IN_TRANSIT, NULL}, /* Your UPS Premier package has received Gel Pack Repl... */
    {"VV", PC_STATUS_IN_TRANSIT, NULL}, /* Your UPS Premier package has received Gel Pack Repl... */
    {"VW", PC_STATUS_IN_TRANSIT, NULL}, /* Your UPS Premier package was stored in a Controlled... */
    {"VX", PC_STATUS_IN_TRANSIT, NULL}, /* UPS Premier package has been tendered to UPS Expres... */
    {"VZ", PC_STATUS_IN_TRANSIT, NULL}, /* The package will be forwarded to a UPS facility in... */
    {"W8", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* As requested, the package is now in... */
    {"X0", PC_STATUS_IN_TRANSIT, NULL}, /* The information requested has been obtained and the... */
    {"X2", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"X3", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"X4", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* UPS is preparing your package for c... */
    {"X5", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"X6", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"X7", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"X8", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"X9", PC_STATUS_EXCEPTION, "exception.customs"}, /* The customer requested UPS contact th... */
    {"XA", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"XB", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with receiver o... */
    {"XC", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"XD", PC_STATUS_IN_TRANSIT, NULL},               /* Import Scan */
    {"XE", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"XG", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"XJ", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"XK", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"XL", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"XN", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"XO", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"XS", PC_STATUS_EXCEPTION, "exception.held"}, /* Will Call required for compliance reasons */
    {"XU", PC_STATUS_RETURNED, NULL}, /* Return to shipper required for compliance reasons */
    {"XV", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"XW", PC_STATUS_EXCEPTION, "exception.customs"}, /* UPS initiated contact with the sender... */
    {"XY", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"XZ", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your package was cleared after the sc... */
    {"Y1", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* The package is at the clearing agen... */
    {"Y2", PC_STATUS_EXCEPTION, NULL}, /* We've requested that the receiver contact us. */
    {"Y3", PC_STATUS_EXCEPTION, NULL}, /* Receiver Contacted. No Response Received */
    {"Y4", PC_STATUS_EXCEPTION, "exception.customs"}, /* Shipment transferred to local Govt ag... */
    {"Y5", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Documents or info requested from th... */
    {"Y7", PC_STATUS_EXCEPTION, "exception.held"}, /* The package is being held for a future d... */
    {"Y9", PC_STATUS_IN_TRANSIT, NULL}, /* The package is scheduled for transfer to the post o... */
    {"YA", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Your package is pending release fro... */
    {"YD", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.notice_left"}, /* The post office attempt... */
    {"YE", PC_STATUS_RETURNED, "returned.refused"}, /* The post office attempted to deliver th... */
    {"YF", PC_STATUS_EXCEPTION, "exception.address"}, /* The post office was unable to deliver... */
    {"YG", PC_STATUS_IN_TRANSIT, NULL}, /* The post office forwarded the UPS SurePost package... */
    {"YI", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Your UPS SurePost package was transfe... */
    {"YJ", PC_STATUS_RETURNED, NULL}, /* The post office was unable to deliver the UPS SurePos... */
    {"YK", PC_STATUS_RETURNED, NULL}, /* The post office was unable to deliver the UPS SurePos... */
    {"YL", PC_STATUS_EXCEPTION, "exception.undeliverable"}, /* The post office was unable to d... */
    {"YM", PC_STATUS_EXCEPTION, "exception.undeliverable"}, /* The post office was unable to d... */
    {"YR", PC_STATUS_IN_TRANSIT, NULL}, /* Your package is at the UPS distribution facility an... */
    {"YS", PC_STATUS_IN_TRANSIT, NULL}, /* As requested by the sender, this package requires s... */
    {"YT", PC_STATUS_IN_TRANSIT, NULL}, /* Warehouse Scan */
    {"YU", PC_STATUS_EXCEPTION, NULL}, /* The contents of the package being returned do not ma... */
    {"YV", PC_STATUS_EXCEPTION, NULL}, /* The return label was missing. We're unable to return... */
    {"YW", PC_STATUS_EXCEPTION, "exception.pickup"}, /* A UPS Returns Pack and Collect box was... */
    {"YX", PC_STATUS_IN_TRANSIT, NULL},              /* Export Scan */
    {"Z1", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Brokerage Released. Waiting For Clr... */
    {"Z3", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Receiver's customs broker h... */
    {"Z5", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},       /* Pickup Scan */
    {"Z7", PC_STATUS_IN_TRANSIT, NULL}, /* Your UPS Premier package was stored in a Refrigerat... */
    {"Z8", PC_STATUS_IN_TRANSIT, NULL}, /* Your UPS Premier package was stored in a Freezer (-... */
    {"ZA", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* A UPS My Choice delivery ch... */
    {"ZB", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* At the receiver's request,... */
    {"ZC", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* As requested, the UPS My Ch... */
    {"ZD", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Deliver to a UPS Access Poi... */
    {"ZK", PC_STATUS_IN_TRANSIT, NULL},                         /* At Local Post Office */
    {"ZL", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery to UPS Access Poin... */
    {"ZM", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.business_closed"}, /* The post office att... */
    {"ZN", PC_STATUS_IN_TRANSIT, NULL}, /* Package has been dispatched from the USPS Internati... */
    {"ZO", PC_STATUS_IN_TRANSIT, NULL}, /* The UPS Access Point location has prepared the pack... */
    {"ZP", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.access_point"}, /* Delivered... */
    {"ZS", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Out for delivery to UPS Access Point */
    {"ZU", PC_STATUS_IN_TRANSIT, NULL}, /* Your UPS Premier package has received Dry Ice Reple... */
    {"ZV", PC_STATUS_IN_TRANSIT, NULL}, /* Received by Agent Export Processing Site. Preparing... */
    {"ZW", PC_STATUS_IN_TRANSIT, NULL}, /* Package moving to local post office */
    {"ZX", PC_STATUS_IN_TRANSIT, NULL}, /* Your package has been expedited to the receiver to... */
    {"ZY", PC_STATUS_IN_TRANSIT, NULL}, /* Your package has been expedited to the receiver to... */
    {"ZZ", PC_STATUS_IN_TRANSIT, NULL}, /* Your package has been expedited to the receiver to... */
};
const size_t pc__ups_exception_codes_len =
    sizeof(pc__ups_exception_codes) / sizeof(pc__ups_exception_codes[0]);

/* DIALS delivery codes (type D; also the delivered-to spot in ActivityLocation/Code). Source:
 * "Delivery Codes" section. */
const pc_code_map pc__ups_delivery_codes[] = {
    {"0", PC_STATUS_EXCEPTION, "exception.delayed"},  /* In-Transit Delay */
    {"12", PC_STATUS_EXCEPTION, "exception.delayed"}, /* In-Transit Delay */
    {"1N", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.parcel_locker"}, /* The packa... */
    {"1Z", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Customer requested earlier... */
    {"28", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Damaged Package Held At Transit Location */
    {"2C", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Customer agreed to earlier... */
    {"2D", PC_STATUS_IN_TRANSIT, NULL},       /* Package Arrived At USPS Sort Facility */
    {"2J", PC_STATUS_IN_TRANSIT, NULL},       /* Package Departed From USPS Sort Facility */
    {"2K", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Package Out For Delivery With The USPS */
    {"2Q", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.access_point"}, /* Delivered... */
    {"2W", PC_STATUS_DELIVERED, "delivered.picked_up"}, /* Package Picked Up At UPS Access Point */
    {"32", PC_STATUS_EXCEPTION, "exception.delayed"}, /* In-transit delay at UPS facility. Del... */
    {"38", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Customer special request. */
    {"3F", PC_STATUS_DELIVERED, "delivered.safe_place"},        /* Other Location At Address */
    {"3G", PC_STATUS_DELIVERED, "delivered.in_person"},         /* Left With Individual */
    {"3H", PC_STATUS_DELIVERED, "delivered.neighbor"},          /* Neighbor - By Request */
    {"41", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Origin Delay - Special Flight Arranged */
    {"42", PC_STATUS_EXCEPTION, "exception.delayed"}, /* In-Transit Delay-Special Flight Arranged */
    {"44", PC_STATUS_EXCEPTION, "exception.delayed"}, /* In-Transit Delay-Special Flight Arranged */
    {"4X", PC_STATUS_IN_TRANSIT, NULL},               /* Delivery To UPS Facility See Alt Track # */
    {"50", PC_STATUS_EXCEPTION, "exception.address"}, /* Not Delivered - Incorrect Address */
    {"53", PC_STATUS_RETURNED, "returned.refused"},   /* Receiver Refused Package */
    {"57", PC_STATUS_EXCEPTION, "exception.delayed"}, /* No Delivery Attempt On Scheduled Day */
    {"5F", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.access_point"}, /* Recipient... */
    {"61", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Hazardous Material Prohibited Via Air */
    {"62", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Hazardous Material Prohibited Via Air */
    {"70", PC_STATUS_IN_TRANSIT, "in_transit.customs"},  /* Package Awaiting Customs Clearance */
    {"74", PC_STATUS_EXCEPTION, NULL}, /* The package lacks the appropriate tracking label. Th... */
    {"7A", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Delivery To UPS Ap Next Bus... */
    {"7B", PC_STATUS_FAILED_ATTEMPT, NULL},   /* Non-Del To UPS Ap; Status Update Pending */
    {"7K", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Delivery Attempt In Progress */
    {"83", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* The freight shipment has cl... */
    {"85", PC_STATUS_IN_TRANSIT, NULL}, /* The freight shipment has been processed to the ware... */
    {"86", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* The freight shipment has been tende... */
    {"8N", PC_STATUS_DELIVERED, NULL},                  /* None Selected */
    {"8O", PC_STATUS_DELIVERED, "delivered.reception"}, /* Management Office */
    {"8Q", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Authorize Shipment Release... */
    {"9", PC_STATUS_EXCEPTION, "exception.delayed"},            /* In-Transit Delay */
    {"98", PC_STATUS_EXCEPTION, NULL}, /* The package was line flown for other reasons, contac... */
    {"9E", PC_STATUS_DELIVERED, "delivered.safe_place"}, /* Commercial Inside Release */
    {"A0", PC_STATUS_DELIVERED, "delivered.picked_up"},  /* Package Picked Up At USPS Facility */
    {"AI", PC_STATUS_DELIVERED, "delivered.reception"},  /* Dock */
    {"AU", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.ups_facility"}, /* Receiver R... */
    {"B0", PC_STATUS_RETURNED, NULL},                   /* Package Delivered To Original Sender */
    {"B2", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Not Yet Released By Customs */
    {"BI", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.business_closed"}, /* Closed. */
    {"BL", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* International - Commodity Restricted */
    {"BM", PC_STATUS_EXCEPTION, NULL},                   /* Package Dimensions Exceed Size Limit */
    {"BN", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Package Has Cleared Customs */
    {"BO", PC_STATUS_EXCEPTION, "exception.address"},           /* Incorrect address. */
    {"BS", PC_STATUS_EXCEPTION, NULL},                /* Not Forwarded-Unable To Contact Receiver */
    {"CB", PC_STATUS_EXCEPTION, "exception.delayed"}, /* In-Transit Delay-Special Flight Arranged */
    {"CI", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"}, /* Not in. */
    {"CO", PC_STATUS_EXCEPTION, "exception.pickup"},                /* Not ready. */
    {"CR", PC_STATUS_EXCEPTION, "exception.weather"},               /* Delay - Local Weather */
    {"CU", PC_STATUS_EXCEPTION, "exception.undeliverable"}, /* Not Delivered-Missing Or Illegi... */
    {"DI", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.payment_required"}, /* No money. */
    {"DK", PC_STATUS_EXCEPTION, "exception.customs"}, /* Delay - Custom'S Pre-Inspection Required */
    {"DO", PC_STATUS_FAILED_ATTEMPT, NULL},           /* Other non delivery. */
    {"DZ", PC_STATUS_EXCEPTION, "exception.address"}, /* Not Delivered - Room Number Needed */
    {"EA", PC_STATUS_FAILED_ATTEMPT, NULL},           /* Missed. */
    {"EB", PC_STATUS_EXCEPTION, "exception.cancelled"},   /* Cancelled. */
    {"EC", PC_STATUS_IN_TRANSIT, NULL},                   /* Redispatched. */
    {"EE", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Already serviced. */
    {"EF", PC_STATUS_EXCEPTION, "exception.delayed"},     /* Delay - Special Flight Arranged */
    {"EG", PC_STATUS_IN_TRANSIT, NULL}, /* Address corrected-a special flight is required to m... */
    {"EI", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Delay For Mechanical Or Technical Reason */
    {"EJ", PC_STATUS_EXCEPTION, "exception.weather"}, /* Delay - Local Weather */
    {"EK", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Package Missed Scheduled Connection */
    {"EL", PC_STATUS_EXCEPTION, "exception.delayed"}, /* In-Transit Delay-Special Flight Arranged */
    {"EM", PC_STATUS_EXCEPTION, "exception.delayed"}, /* In-Transit Delay-Special Flight Arranged */
    {"EP", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.post_office"}, /* Your UPS Su... */
    {"EQ", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Service Upgrade-Special Fli... */
    {"ET", PC_STATUS_EXCEPTION, "exception.customs"}, /* Delay-More Government Documents Required */
    {"EZ", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Cleared Customs After Noon */
    {"F0", PC_STATUS_IN_TRANSIT, NULL},                         /* Arrival Scan */
    {"F1", PC_STATUS_IN_TRANSIT, NULL},                         /* Delivery scheduled. */
    {"F2", PC_STATUS_EXCEPTION, "exception.address"}, /* Delivery information incomplete. */
    {"F3", PC_STATUS_IN_TRANSIT, NULL},               /* Departure Scan */
    {"F7", PC_STATUS_IN_TRANSIT, NULL}, /* Your UPS SurePost package was delivered to an Agent... */
    {"FB", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Being Delivered - Address Corrected */
    {"FC", PC_STATUS_EXCEPTION, NULL},        /* Not Forwarded-Unable To Contact Receiver */
    {"FD", PC_STATUS_IN_TRANSIT, NULL},       /* Phone Number Obtained */
    {"FI", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},               /* Already picked up. */
    {"FO", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.business_closed"}, /* Closed early. */
    {"FV", PC_STATUS_DELIVERED, NULL},                                  /* Successful. */
    {"FZ", PC_STATUS_EXCEPTION, "exception.delayed"},                   /* No attempt. */
    {"GK", PC_STATUS_EXCEPTION, "exception.lost"}, /* Contents shortage reported or fallout di... */
    {"GW", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Customer special request. */
    {"HI", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Package Intercepted */
    {"KU", PC_STATUS_EXCEPTION, "exception.undeliverable"}, /* The entire shipment was not del... */
    {"L4", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package Requires Custom's Inspection */
    {"L6", PC_STATUS_EXCEPTION, NULL}, /* The package information does not reside in ISPS. */
    {"LM", PC_STATUS_EXCEPTION, "exception.delayed"},    /* Service level not available. */
    {"M1", PC_STATUS_DELIVERED, NULL},                   /* Residential */
    {"M2", PC_STATUS_DELIVERED, NULL},                   /* Commercial */
    {"M3", PC_STATUS_DELIVERED, "delivered.reception"},  /* Front Desk */
    {"M4", PC_STATUS_DELIVERED, "delivered.reception"},  /* Reception */
    {"M5", PC_STATUS_DELIVERED, "delivered.reception"},  /* Mail Room */
    {"M6", PC_STATUS_DELIVERED, "delivered.reception"},  /* Office */
    {"M7", PC_STATUS_DELIVERED, "delivered.in_person"},  /* Receiver */
    {"M8", PC_STATUS_DELIVERED, "delivered.reception"},  /* Guard */
    {"M9", PC_STATUS_DELIVERED, "delivered.reception"},  /* Door Person */
    {"MA", PC_STATUS_DELIVERED, "delivered.reception"},  /* Hostess */
    {"MB", PC_STATUS_DELIVERED, "delivered.reception"},  /* Janitor */
    {"MC", PC_STATUS_DELIVERED, "delivered.reception"},  /* Store */
    {"MD", PC_STATUS_DELIVERED, "delivered.reception"},  /* Warehouse */
    {"ME", PC_STATUS_DELIVERED, "delivered.reception"},  /* Receiving office */
    {"MG", PC_STATUS_DELIVERED, "delivered.in_person"},  /* Met Customer */
    {"MH", PC_STATUS_DELIVERED, "delivered.in_person"},  /* Met Customer */
    {"MJ", PC_STATUS_DELIVERED, "delivered.in_person"},  /* Met Customer */
    {"MK", PC_STATUS_DELIVERED, "delivered.in_person"},  /* Met Customer */
    {"ML", PC_STATUS_DELIVERED, "delivered.safe_place"}, /* Front Door */
    {"MM", PC_STATUS_DELIVERED, "delivered.safe_place"}, /* Rear Door */
    {"MN", PC_STATUS_DELIVERED, "delivered.safe_place"}, /* Side Door */
    {"MP", PC_STATUS_DELIVERED, "delivered.safe_place"}, /* Garage */
    {"MQ", PC_STATUS_DELIVERED, "delivered.safe_place"}, /* Porch */
    {"MR", PC_STATUS_DELIVERED, "delivered.safe_place"}, /* Deck */
    {"MS", PC_STATUS_DELIVERED, "delivered.safe_place"}, /* Patio */
    {"MU", PC_STATUS_DELIVERED, "delivered.mailbox"},    /* Mailbox */
    {"MV", PC_STATUS_EXCEPTION, "exception.address"},    /* Missing Postal Code */
    {"MW", PC_STATUS_DELIVERED, "delivered.safe_place"}, /* Carport */
    {"MX", PC_STATUS_DELIVERED, "delivered.safe_place"}, /* Other - released */
    {"MY", PC_STATUS_DELIVERED, NULL}, /* Return service shipping label was left with the ship... */
    {"NL", PC_STATUS_DELIVERED, "delivered.safe_place"}, /* As requested by the receiver, the... */
    {"NS", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_access"}, /* Gate Code */
    {"NT", PC_STATUS_DELIVERED, "delivered.safe_place"}, /* As requested by the receiver, the... */
    {"NX", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_access"}, /* Security Code */
    {"OE", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_access"}, /* Security Code required to... */
    {"OO", PC_STATUS_DELIVERED, NULL},                  /* Your UPS Premier Package Was Delivered */
    {"OZ", PC_STATUS_DELIVERED, "delivered.reception"}, /* As requested by the receiver, the p... */
    {"P5", PC_STATUS_DELIVERED, "delivered.parcel_locker"}, /* Locker */
    {"PF", PC_STATUS_DELIVERED, NULL},                      /* Inside Delivery */
    {"RN", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Shipment Contains Restricted Commo... */
    {"RQ", PC_STATUS_EXCEPTION, "exception.customs"}, /* Hold pend clearance from Govt agency... */
    {"SB", PC_STATUS_EXCEPTION, "exception.customs"}, /* Pull invoice/waybill. */
    {"SE", PC_STATUS_EXCEPTION, "exception.customs"}, /* Replace invoice/waybill. */
    {"SG", PC_STATUS_EXCEPTION, "exception.customs"}, /* Pre-Clearance Impossible Due To Inc Info */
    {"ST", PC_STATUS_EXCEPTION, "exception.customs"}, /* Customs Reject */
    {"TW", PC_STATUS_EXCEPTION, "exception.held"},    /* Awaiting Supervisor Approval */
    {"UC", PC_STATUS_DELIVERED, NULL},                /* Delivery completed. */
    {"UJ", PC_STATUS_IN_TRANSIT, NULL},               /* UPS Internal Activity */
    {"VS", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Shipment Tendered To UPS */
    {"YC", PC_STATUS_DELIVERED, "delivered.post_office"}, /* Package Delivered By Local Post O... */
    {"YH", PC_STATUS_IN_TRANSIT, NULL},                  /* Post Office To Deliver In 1 To 2 Days */
    {"ZE", PC_STATUS_DELIVERED, "delivered.safe_place"}, /* Authorize Shipment Release Was Uti... */
    {"ZF", PC_STATUS_DELIVERED, "delivered.safe_place"}, /* Shed */
    {"ZG", PC_STATUS_DELIVERED, "delivered.reception"},  /* Concierge */
    {"ZH", PC_STATUS_DELIVERED, "delivered.reception"},  /* Superintendent */
    {"ZI", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.access_point"}, /* Left At UP... */
    {"ZQ", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.ups_facility"}, /* Your Pkg I... */
};
const size_t pc__ups_delivery_codes_len =
    sizeof(pc__ups_delivery_codes) / sizeof(pc__ups_delivery_codes[0]);

/* Movement (ULD) scan codes (type I / P). Source: "Movement Scans" section. */
const pc_code_map pc__ups_movement_codes[] = {
    {"AG", PC_STATUS_IN_TRANSIT, NULL}, /* Package is in transit to a UPS facility */
    {"AR", PC_STATUS_IN_TRANSIT, NULL}, /* Arrival scan (the package has arrived at a UPS buil... */
    {"AT", PC_STATUS_IN_TRANSIT, NULL}, /* Air Transit Scan */
    {"CA", PC_STATUS_IN_TRANSIT, NULL}, /* Cancelled Arrival */
    {"CD", PC_STATUS_IN_TRANSIT, NULL}, /* Cancelled Departure */
    {"CL", PC_STATUS_IN_TRANSIT, NULL}, /* Cancel Unload */
    {"DL", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Driver Load */
    {"DP", PC_STATUS_IN_TRANSIT, NULL}, /* Departure scan (the package has departed from a UPS... */
    {"DS", PC_STATUS_IN_TRANSIT, NULL}, /* Destination scan - the package is at the last UPS b... */
    {"EP", PC_STATUS_IN_TRANSIT, NULL}, /* Export scan (crossed an international border betwee... */
    {"HU", PC_STATUS_IN_TRANSIT, NULL}, /* Hub Scan */
    {"IP", PC_STATUS_IN_TRANSIT, NULL}, /* Import Scan */
    {"LC", PC_STATUS_IN_TRANSIT, NULL}, /* Location Scan */
    {"LM", PC_STATUS_IN_TRANSIT, NULL}, /* Location Scan */
    {"OC", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Shipper created a label, UPS has... */
    {"OD", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Loaded on delivery vehicle for delivery (deli... */
    {"OF", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Out for delivery (should be delivered today) */
    {"OR", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Origin scan or we have your packa... */
    {"OT", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Out for delivery (should be delivered today) */
    {"PC", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Pickup by UPS Package Car */
    {"PL", PC_STATUS_INFO_RECEIVED, NULL}, /* Shipper created a label, UPS has not received th... */
    {"PT", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Pickup by UPS trailer */
    {"PU", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Pickup scan (UPS picked up the pa... */
    {"SP", PC_STATUS_INFO_RECEIVED, NULL},                /* Scheduled for Pickup Today */
    {"UA", PC_STATUS_IN_TRANSIT, NULL},                   /* Updated Arrival */
    {"UD", PC_STATUS_IN_TRANSIT, NULL},                   /* Updated Departure */
    {"UL", PC_STATUS_IN_TRANSIT, NULL},                   /* Unload Scan */
    {"VP", PC_STATUS_EXCEPTION, "exception.pickup"},      /* Void Pickup */
    {"WH", PC_STATUS_IN_TRANSIT, NULL}, /* Warehouse Scan, package is residing in a UPS warehouse */
    {"XA", PC_STATUS_IN_TRANSIT, NULL}, /* At Local Post Office */
    {"XD", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Drop off (usually dropped off at... */
    {"XR", PC_STATUS_IN_TRANSIT, NULL},                   /* Received by the local post office */
    {"YF", PC_STATUS_OUT_FOR_DELIVERY, NULL},             /* USPS Out for Delivery */
    {"YH", PC_STATUS_IN_TRANSIT, NULL},                   /* Received by the local post office */
    {"YI", PC_STATUS_OUT_FOR_DELIVERY, NULL},             /* Out For Delivery to UPS Access Point */
    {"YM", PC_STATUS_IN_TRANSIT, NULL},                   /* Package moving to local post office */
    {"YN", PC_STATUS_IN_TRANSIT, NULL},                   /* Package received into postal network */
    {"YP", PC_STATUS_IN_TRANSIT, NULL}, /* Preparing for delivery (the package maybe be delive... */
};
const size_t pc__ups_movement_codes_len =
    sizeof(pc__ups_movement_codes) / sizeof(pc__ups_movement_codes[0]);

/* Manifest codes (type M / MV). Source: "Manifest Codes" section /
 * ups_Tracking-manifest-codes.txt. */
const pc_code_map pc__ups_manifest_codes[] = {
    {"DP", PC_STATUS_INFO_RECEIVED, NULL}, /* Shipment ready for UPS, manifest processed. */
    {"MP", PC_STATUS_INFO_RECEIVED, NULL}, /* Shipment ready for UPS, billing information has... */
    {"RD", PC_STATUS_INFO_RECEIVED, NULL}, /* Shipper created a label, Roadie has not received... */
    {"VP", PC_STATUS_EXCEPTION, "exception.cancelled"}, /* Manifest cancelled and shipment voided */
};
const size_t pc__ups_manifest_codes_len =
    sizeof(pc__ups_manifest_codes) / sizeof(pc__ups_manifest_codes[0]);

/* Update codes (type U). Source: "Updates" section. */
const pc_code_map pc__ups_update_codes[] = {
    {"PX", PC_STATUS_DELIVERED, NULL},  /* Delivery Photo (enchanced users only) */
    {"UP", PC_STATUS_IN_TRANSIT, NULL}, /* Updated Delivery Date */
    {"UT", PC_STATUS_IN_TRANSIT, NULL}, /* Updated Delivery Time */
};
const size_t pc__ups_update_codes_len =
    sizeof(pc__ups_update_codes) / sizeof(pc__ups_update_codes[0]);

/* Freight forwarding activity codes (types DO / DD / W). Source: "Freight Activity" section. */
const pc_code_map pc__ups_freight_activity_codes[] = {
    {"000", PC_STATUS_IN_TRANSIT, NULL},    /* Data Not Available */
    {"001", PC_STATUS_INFO_RECEIVED, NULL}, /* Shipment/Forwarding Information Received */
    {"002", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},       /* Received into UPS possession */
    {"003", PC_STATUS_INFO_RECEIVED, NULL},                      /* Date Available to Ship */
    {"004", PC_STATUS_IN_TRANSIT, NULL},                         /* ETD from Load Port */
    {"005", PC_STATUS_IN_TRANSIT, NULL},                         /* Departure */
    {"006", PC_STATUS_IN_TRANSIT, NULL},                         /* ETA at Port of Discharge */
    {"007", PC_STATUS_IN_TRANSIT, NULL},                         /* Confirmed Arrival */
    {"009", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Cleared Customs */
    {"010", PC_STATUS_IN_TRANSIT, NULL},                 /* Tendered to Clients Nominated Carrier */
    {"011", PC_STATUS_OUT_FOR_DELIVERY, NULL},           /* Out for Delivery */
    {"012", PC_STATUS_DELIVERED, NULL},                  /* Delivered */
    {"013", PC_STATUS_EXCEPTION, NULL},                  /* Exception */
    {"014", PC_STATUS_EXCEPTION, "exception.cancelled"}, /* Shipment Information Voided */
    {"015", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},       /* Origin */
    {"016", PC_STATUS_IN_TRANSIT, NULL},                         /* Destination */
    {"017", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"},       /* Pickup */
    {"020", PC_STATUS_IN_TRANSIT, NULL},                         /* Appointment Made */
    {"022", PC_STATUS_IN_TRANSIT, NULL},                         /* Wrapped */
    {"027", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Cleared Customs */
    {"028", PC_STATUS_IN_TRANSIT, NULL},                         /* Departed Transit Leg */
    {"029", PC_STATUS_IN_TRANSIT, NULL},                         /* Arrived Transit Leg */
    {"030", PC_STATUS_IN_TRANSIT, NULL},                         /* On Hand at Destination */
    {"031", PC_STATUS_IN_TRANSIT, NULL},                 /* Arrived at Destination Country */
    {"032", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Docs to Outside Broker */
    {"033", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* ISF Data Accepted (Error Free) */
    {"034", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* ISF Data Accepted with Warning */
    {"035", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* ISF Matched to AMS Bill on File */
    {"036", PC_STATUS_IN_TRANSIT, NULL},                 /* Revised Door ETA */
    {"037", PC_STATUS_INFO_RECEIVED, NULL},              /* Booking Received from Client */
    {"038", PC_STATUS_INFO_RECEIVED, NULL},              /* Collection Order Issued */
    {"039", PC_STATUS_INFO_RECEIVED, NULL},              /* File Opened */
    {"040", PC_STATUS_IN_TRANSIT, NULL}, /* Confirmed Arrival at Final Carrier B/L Point */
    {"041", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Documents to client's broker or co... */
    {"042", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Documents turned over to UPS broker */
    {"043", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Shipment in Customs */
    {"044", PC_STATUS_IN_TRANSIT, NULL},                 /* Entered Into Warehouse for Storage */
    {"045", PC_STATUS_INFO_RECEIVED, NULL},              /* Documents received from shipper */
    {"046", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* On hand at origin location */
    {"047", PC_STATUS_IN_TRANSIT, NULL}, /* Documents faxed or sent to destination */
    {"048", PC_STATUS_IN_TRANSIT, NULL}, /* Available for final distribution */
    {"049", PC_STATUS_IN_TRANSIT, NULL}, /* Shipment has arrived at a Service Center */
    {"050", PC_STATUS_DELIVERED, NULL},  /* Shipment has been delivered to consignee */
    {"051", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Shipment has been picked up */
    {"052", PC_STATUS_IN_TRANSIT, NULL},            /* Shipment is at a UPS Freight location */
    {"053", PC_STATUS_EXCEPTION, "exception.lost"}, /* Shortage noted at receipt from customer */
    {"054", PC_STATUS_IN_TRANSIT, NULL}, /* A delivery appointment has been scheduled with the... */
    {"055", PC_STATUS_DELIVERED, NULL}, /* A trailer containing this shipment has been dropped... */
    {"056", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Registered with clearing agency; s... */
    {"057", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Shipment has arrived at the consignee location */
    {"058", PC_STATUS_EXCEPTION, "exception.lost"}, /* Shortage noted at receipt from advance... */
    {"059", PC_STATUS_INFO_RECEIVED, NULL},         /* Trailer dropped at pickup location */
    {"060", PC_STATUS_DELIVERED, NULL},             /* Trailer dropped at delivery location */
    {"061", PC_STATUS_INFO_RECEIVED, NULL},         /* Arrival at pickup location */
    {"062", PC_STATUS_IN_TRANSIT, NULL},            /* First rail transfer */
    {"063", PC_STATUS_IN_TRANSIT, NULL},            /* Second rail transfer */
    {"065", PC_STATUS_IN_TRANSIT, NULL},            /* Third rail transfer */
    {"066", PC_STATUS_IN_TRANSIT, NULL},            /* Fourth rail transfer */
    {"067", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* First in transit border clearance */
    {"068", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Second in transit border clearance */
    {"069", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Third in transit border clearance */
    {"070", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Fourth in transit border clearance */
    {"072", PC_STATUS_INFO_RECEIVED, NULL},              /* Planned pickup date */
    {"073", PC_STATUS_IN_TRANSIT, NULL},                 /* Departed Delivery Location */
    {"074", PC_STATUS_INFO_RECEIVED, NULL},              /* Arrived at Pick-Up Location */
    {"080", PC_STATUS_IN_TRANSIT, NULL},                 /* Confirmed Gateway Departure */
};
const size_t pc__ups_freight_activity_codes_len =
    sizeof(pc__ups_freight_activity_codes) / sizeof(pc__ups_freight_activity_codes[0]);

/* Freight exception codes (types DO / DD / W). Source: "Freight Exceptions" section. */
const pc_code_map pc__ups_freight_exception_codes[] = {
    {"01", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A breakdown / mechanical failure occu... */
    {"02", PC_STATUS_FAILED_ATTEMPT, NULL},           /* Delivery attempted. Freight brought back */
    {"03", PC_STATUS_EXCEPTION, NULL}, /* A loss of visibility has occurred causing interrupti... */
    {"04", PC_STATUS_EXCEPTION, "exception.delayed"}, /* An incident has occurred which may re... */
    {"05", PC_STATUS_EXCEPTION, "exception.weather"}, /* Adverse weather conditions occurred w... */
    {"06", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Shipment damage noted while in transit */
    {"07", PC_STATUS_EXCEPTION, "exception.held"},    /* Appointment is required before delivery */
    {"08", PC_STATUS_EXCEPTION, NULL},                /* Arrangements for appointment attempted */
    {"09", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* As requested, the receiver... */
    {"10", PC_STATUS_DELIVERED, "delivered.partial"}, /* Consignee refused part of shipment; b... */
    {"11", PC_STATUS_EXCEPTION, "exception.customs"}, /* Customs must release shipment prior t... */
    {"12", PC_STATUS_DELIVERED, "delivered.damaged"}, /* Damage noted at delivery; consignee r... */
    {"14", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Damage noted at receipt from advance... */
    {"15", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Damage noted at receipt from shipper */
    {"16", PC_STATUS_EXCEPTION, "exception.lost"}, /* Shortage noted at receipt from advance c... */
    {"17", PC_STATUS_EXCEPTION, "exception.lost"}, /* Shortage noted at receipt from customer */
    {"18", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A delay at service center may result... */
    {"19", PC_STATUS_EXCEPTION, "exception.delayed"}, /* An incident has occurred which may re... */
    {"20", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Special consignee requirements may re... */
    {"21", PC_STATUS_EXCEPTION, "exception.held"}, /* Freight has been placed in consolidation... */
    {"22", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Shipment may be delayed */
    {"24", PC_STATUS_EXCEPTION, "exception.customs"}, /* Hold per broker instructions */
    {"25", PC_STATUS_EXCEPTION, NULL}, /* Incomplete or missing documentation must be obtained... */
    {"26", PC_STATUS_EXCEPTION, "exception.customs"}, /* No broker has been assigned */
    {"27", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Over short and damaged */
    {"28", PC_STATUS_DELIVERED, NULL}, /* Overage noted at delivery; customer received overage */
    {"29", PC_STATUS_EXCEPTION, NULL}, /* Overage noted at receipt from customer */
    {"30", PC_STATUS_EXCEPTION, NULL}, /* Overage noted at receipt from advanced carrier */
    {"31", PC_STATUS_DELIVERED, "delivered.partial"}, /* Shortage noted at delivery; customer... */
    {"32", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Shipment delayed, hazardous material... */
    {"33", PC_STATUS_EXCEPTION, "exception.held"}, /* Shipment is at TForce Freight location w... */
    {"34", PC_STATUS_EXCEPTION, "exception.lost"}, /* Shipment recorded but cannot be found. A... */
    {"35", PC_STATUS_EXCEPTION, "exception.seized"}, /* Shipment was seized by customs - conta... */
    {"36", PC_STATUS_EXCEPTION, "exception.lost"},   /* Shortage noted while in-transit */
    {"38", PC_STATUS_EXCEPTION, "exception.address"}, /* The address is in a remote area and d... */
    {"39", PC_STATUS_EXCEPTION, "exception.delayed"}, /* The shipment is delayed */
    {"40", PC_STATUS_EXCEPTION, "exception.delayed"}, /* The service area is inaccessible; a d... */
    {"41", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Airline backlog */
    {"42", PC_STATUS_IN_TRANSIT, NULL}, /* Change in estimated date of arrival at destination... */
    {"43", PC_STATUS_EXCEPTION, "exception.delayed"},    /* Aircraft downgrade */
    {"44", PC_STATUS_EXCEPTION, "exception.delayed"},    /* Airline error */
    {"45", PC_STATUS_EXCEPTION, "exception.weather"},    /* Act of God/Force Majeure */
    {"46", PC_STATUS_EXCEPTION, "exception.delayed"},    /* Consulate delay */
    {"47", PC_STATUS_EXCEPTION, NULL},                   /* Customer information discrepancy */
    {"48", PC_STATUS_EXCEPTION, "exception.delayed"},    /* Documents late from carrier */
    {"49", PC_STATUS_EXCEPTION, "exception.delayed"},    /* Missed established cut-off */
    {"50", PC_STATUS_EXCEPTION, "exception.pickup"},     /* Pick-up cancelled */
    {"51", PC_STATUS_IN_TRANSIT, NULL},                  /* Carrier split shipment */
    {"52", PC_STATUS_EXCEPTION, "exception.delayed"},    /* Late documents from consignee */
    {"53", PC_STATUS_EXCEPTION, "exception.delayed"},    /* Consignee delayed delivery */
    {"54", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Dangerous goods refusal */
    {"55", PC_STATUS_EXCEPTION, "exception.delayed"},    /* Holiday */
    {"56", PC_STATUS_EXCEPTION, "exception.customs"},    /* AMS shipper data incomplete */
    {"57", PC_STATUS_EXCEPTION, "exception.delayed"},    /* Late documents from shipper */
    {"58", PC_STATUS_EXCEPTION, "exception.customs"},    /* Pending duties */
    {"59", PC_STATUS_IN_TRANSIT, NULL},                  /* Early loading by shipper */
    {"60", PC_STATUS_EXCEPTION, NULL},                   /* Exception override */
    {"61", PC_STATUS_EXCEPTION, "exception.customs"}, /* Customs or other government hold/delay */
    {"62", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Equipment not available */
    {"63", PC_STATUS_DELIVERED, NULL},                /* Final delivery of split/partial shipment */
    {"64", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Airline flight crew out of hours */
    {"65", PC_STATUS_EXCEPTION, "exception.address"}, /* Shipment mislabeled by shipper */
    {"66", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Consignee delayed delivery */
    {"67", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Ground handler delay */
    {"68", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* AMS hold released */
    {"69", PC_STATUS_EXCEPTION, "exception.held"},              /* Held for security reasons */
    {"70", PC_STATUS_EXCEPTION, NULL},                          /* Lost documents */
    {"71", PC_STATUS_EXCEPTION, "exception.delayed"},           /* Late for lock out */
    {"72", PC_STATUS_EXCEPTION, "exception.delayed"},           /* Late pier delivery */
    {"73", PC_STATUS_EXCEPTION, "exception.delayed"},           /* Late document turnover */
    {"74", PC_STATUS_EXCEPTION, NULL},                          /* Missing data */
    {"75", PC_STATUS_EXCEPTION, NULL},                          /* No ocean bill of lading */
    {"76", PC_STATUS_EXCEPTION, "exception.pickup"},            /* Shipment not ready for pick-up */
    {"77", PC_STATUS_IN_TRANSIT, NULL}, /* Change in estimated date of departure from origin port */
    {"78", PC_STATUS_EXCEPTION, NULL},  /* Other */
    {"79", PC_STATUS_EXCEPTION, NULL},  /* Oversized cargo */
    {"80", PC_STATUS_EXCEPTION, "exception.damaged"},           /* Pallet collapsed */
    {"81", PC_STATUS_EXCEPTION, NULL},                          /* Piece count discrepancy */
    {"82", PC_STATUS_EXCEPTION, NULL},                          /* Picking/load error */
    {"83", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Cargo reconsigned in transit */
    {"84", PC_STATUS_EXCEPTION, "exception.customs"},           /* AMS carrier rejected */
    {"85", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Shipment diverted at shippe... */
    {"86", PC_STATUS_RETURNED, NULL}, /* Shipment returned, shipper request/authorized */
    {"87", PC_STATUS_EXCEPTION, "exception.delayed"},   /* S.S. line error */
    {"88", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Truck cancelled */
    {"89", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Trucker pickup/delivery late */
    {"90", PC_STATUS_EXCEPTION, NULL},                  /* Trade lane exception */
    {"91", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Vessel/flight delayed */
    {"92", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Aircraft weight and balance */
    {"93", PC_STATUS_EXCEPTION, NULL},                  /* Weight discrepancy */
    {"94", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Weekend */
    {"95", PC_STATUS_EXCEPTION, "exception.held"},      /* Shipment on hold */
    {"96", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Shipment misrouted */
    {"97", PC_STATUS_EXCEPTION, "exception.damaged"},   /* Airline damaged cargo */
    {"98", PC_STATUS_EXCEPTION, "exception.delayed"},   /* IT systems failure */
    {"99", PC_STATUS_EXCEPTION, "exception.customs"},   /* Customs or other government hold/delay */
    {"A1", PC_STATUS_EXCEPTION, "exception.customs"},   /* Customs or other government hold/delay */
    {"A2", PC_STATUS_EXCEPTION, "exception.customs"},   /* Held at export customs */
    {"A3", PC_STATUS_EXCEPTION, "exception.customs"},   /* Held at customs */
    {"A4", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Shipment not booked */
    {"A5", PC_STATUS_EXCEPTION, NULL},                  /* Pending resolution */
    {"AR", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Aircraft rerouted */
    {"AS", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* U.S. export filing (AES) submitted */
    {"B3", PC_STATUS_EXCEPTION, NULL}, /* Phone number disconnected. TForce Freight is attempt... */
    {"B4", PC_STATUS_EXCEPTION, NULL}, /* Phone number not listed. TForce Freight is attemptin... */
    {"B6", PC_STATUS_EXCEPTION, NULL}, /* Left message. TForce Freight is attempting to obtain... */
    {"B7", PC_STATUS_EXCEPTION, NULL}, /* Line busy. TForce Freight is attempting to obtain ap... */
    {"B8", PC_STATUS_EXCEPTION, NULL}, /* No answer. TForce Freight is attempting to obtain ap... */
    {"B9", PC_STATUS_EXCEPTION, NULL}, /* Sent email. TForce Freight is attempting to obtain a... */
    {"BL", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Bumped due to passenger load */
    {"BM", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Bumped due to mail */
    {"BP", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Bumped due to perishables */
    {"BW", PC_STATUS_EXCEPTION, "exception.weather"}, /* Bad weather */
    {"C0", PC_STATUS_EXCEPTION, NULL}, /* Wrong phone number provided. TForce Freight is attem... */
    {"C3", PC_STATUS_IN_TRANSIT, NULL}, /* TForce Freight will attempt delivery on next busine... */
    {"C7", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Registered with clearing agency. Sh... */
    {"D1", PC_STATUS_RETURNED, "returned.refused"}, /* The consignee did not want the order an... */
    {"D2", PC_STATUS_DELIVERED, "delivered.partial"},    /* Partial delivery */
    {"D3", PC_STATUS_EXCEPTION, "exception.delayed"},    /* Airline booking not honored */
    {"D4", PC_STATUS_RETURNED, "returned.refused"},      /* Shipment refused - damaged or short */
    {"D5", PC_STATUS_RETURNED, "returned.refused"},      /* Consignee refused freight */
    {"DE", PC_STATUS_IN_TRANSIT, NULL},                  /* Delivery appointment scheduled */
    {"DG", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Dangerous goods refusal */
    {"DH", PC_STATUS_EXCEPTION, "exception.delayed"},    /* Holiday */
    {"DP", PC_STATUS_EXCEPTION, NULL},                   /* Pending corrected documents */
    {"DX", PC_STATUS_EXCEPTION, NULL},                   /* Delivery comment */
    {"E1", PC_STATUS_IN_TRANSIT, NULL}, /* The address has been corrected. The delivery has be... */
    {"E2", PC_STATUS_EXCEPTION, "exception.delayed"},           /* Delivery rescheduled */
    {"E4", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Released by clearing agency... */
    {"E5", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Shipment to be redelivered... */
    {"E6", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Shipment has been reconsign... */
    {"E7", PC_STATUS_EXCEPTION, "exception.held"}, /* Shipment refused by the shipper and the... */
    {"E8", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Package damage, contents intact */
    {"E9", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Damage noted by consignee, partial re... */
    {"EC", PC_STATUS_EXCEPTION, "exception.customs"}, /* Held for export customs reasons */
    {"EF", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Equipment malfunction */
    {"EX", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Export customs released */
    {"F1", PC_STATUS_EXCEPTION, NULL},                          /* Overage noted while in-transit */
    {"F2", PC_STATUS_EXCEPTION, "exception.held"},      /* Waiting for disposition from customer */
    {"F3", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Civil unrest delay */
    {"FX", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Flight cancelled */
    {"G1", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* U.S. Import Security Filing accepte... */
    {"G2", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* U.S. Import Security Filing accepte... */
    {"G3", PC_STATUS_EXCEPTION, "exception.customs"}, /* U.S. ISF to be cancelled in 10 days -... */
    {"G4", PC_STATUS_EXCEPTION, "exception.customs"}, /* U.S. Import Security Filing has been... */
    {"G5", PC_STATUS_EXCEPTION, "exception.customs"}, /* U.S. Import Security Filing data reje... */
    {"GD", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Gateway delay */
    {"HA", PC_STATUS_EXCEPTION, "exception.delayed"}, /* A transportation accident has delayed... */
    {"HC", PC_STATUS_EXCEPTION, "exception.customs"}, /* Customs or other government hold/delay */
    {"HD", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Delayed at logistics center */
    {"HE", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Awaiting documents from carrier */
    {"HF", PC_STATUS_EXCEPTION, "exception.seized"},  /* Shipment confiscated */
    {"HG", PC_STATUS_EXCEPTION, NULL},                /* Penalty levied */
    {"HN", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Holiday */
    {"HU", PC_STATUS_EXCEPTION, "exception.held"},    /* Hold for consolidation */
    {"I1", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Late/missing Information from shipper */
    {"I2", PC_STATUS_EXCEPTION, "exception.customs"}, /* U.S. ISF late/missing information fro... */
    {"I3", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Late/missing information from carrier */
    {"I4", PC_STATUS_EXCEPTION, NULL},                /* Data entry error */
    {"I5", PC_STATUS_EXCEPTION, "exception.delayed"}, /* SCS late filing */
    {"I6", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Shipment is delayed due to congestion... */
    {"IA", PC_STATUS_EXCEPTION, "exception.address"}, /* Outside delivery zone */
    {"IC", PC_STATUS_EXCEPTION, NULL},                /* Altered equipment seals */
    {"IE", PC_STATUS_FAILED_ATTEMPT, NULL},           /* Unsuccessful delivery attempt */
    {"IF", PC_STATUS_EXCEPTION, NULL},                /* Incomplete shipping instructions */
    {"IG", PC_STATUS_EXCEPTION, NULL},                /* Consignee information requested */
    {"IH", PC_STATUS_EXCEPTION, "exception.payment"}, /* Payment not received */
    {"II", PC_STATUS_EXCEPTION, "exception.payment"}, /* Payment refused */
    {"IJ", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Airline error at destination */
    {"IK", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Forwarder error */
    {"IL", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Airline error at destination */
    {"IM", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Exceeds allocation */
    {"IN", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Bad traffic */
    {"IO", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Vehicle accident */
    {"IP", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Holiday */
    {"IQ", PC_STATUS_EXCEPTION, NULL},                /* Incorrect documents */
    {"IS", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* U.S. Importer Security Filing data... */
    {"IT", PC_STATUS_EXCEPTION, "exception.delayed"},   /* U.S. Homeland Security delay */
    {"LC", PC_STATUS_EXCEPTION, "exception.lost"},      /* Lost/missing cargo */
    {"LD", PC_STATUS_EXCEPTION, NULL},                  /* Lost/missing/late documents */
    {"MB", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Aircraft mechanical */
    {"MR", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Misrouted by carrier */
    {"MS", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Miscellaneous delay */
    {"PS", PC_STATUS_EXCEPTION, "exception.lost"},      /* Lost/missing cargo */
    {"RF", PC_STATUS_RETURNED, "returned.refused"},     /* Consignee refused freight */
    {"SA", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Booking space not confirmed */
    {"SC", PC_STATUS_EXCEPTION, "exception.cancelled"}, /* Shipment cancelled */
    {"TE", PC_STATUS_EXCEPTION, NULL},                  /* Temperature excursion external */
    {"TI", PC_STATUS_EXCEPTION, NULL},                  /* Temperature excursion internal */
    {"TM", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Truck mechanical */
    {"U2", PC_STATUS_EXCEPTION, NULL},                  /* Special equipment/handling required */
    {"U3", PC_STATUS_EXCEPTION, NULL},                  /* Tracking number unknown */
    {"U4", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Transit delay */
    {"U6", PC_STATUS_EXCEPTION, NULL},                  /* Free time expired */
    {"UF", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.business_closed"}, /* Delivery location c... */
    {"UG", PC_STATUS_EXCEPTION, "exception.address"}, /* Address validation requested */
    {"UH", PC_STATUS_EXCEPTION, "exception.payment"}, /* Credit approval requested */
    {"UI", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Delivery appointment required */
    {"UJ", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Damaged in transit */
    {"UK", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Delivery appointment required */
    {"UL", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Delayed departure */
    {"UM", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Train derailment */
    {"UN", PC_STATUS_EXCEPTION, "exception.address"}, /* Incorrect pick-up address */
    {"UQ", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Mechanical inspection requested */
    {"UX", PC_STATUS_EXCEPTION, "exception.lost"},    /* Theft in transit */
    {"UY", PC_STATUS_RETURNED, "returned.refused"},   /* Refused without reason */
    {"UZ", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Shunted to siding */
};
const size_t pc__ups_freight_exception_codes_len =
    sizeof(pc__ups_freight_exception_codes) / sizeof(pc__ups_freight_exception_codes[0]);

/* Mail Innovations shipping event codes. Source: "Mail Innovations" section /
 * ups_Tracking-mail-innovation.txt. */
const pc_code_map pc__ups_mi_codes[] = {
    {"00", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Processing Exception, Other Delay */
    {"1A", PC_STATUS_OUT_FOR_DELIVERY, NULL},         /* Package out for post office delivery */
    {"1B", PC_STATUS_IN_TRANSIT, NULL},               /* Package sorted by post office */
    {"1C", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL},     /* Available for Pickup */
    {"1D", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.post_office"}, /* Package ava... */
    {"1E", PC_STATUS_DELIVERED, "delivered.picked_up"}, /* Package picked-up by agent at post... */
    {"1F", PC_STATUS_RETURNED, NULL}, /* Package returned to sender by post office. Contact se... */
    {"1G", PC_STATUS_DELIVERED, "delivered.picked_up"}, /* Package picked-up by agent or addre... */
    {"2N", PC_STATUS_IN_TRANSIT, NULL}, /* Electronic Shipment Information Received for Packag... */
    {"2O", PC_STATUS_IN_TRANSIT, NULL}, /* Shipment Acceptance at Post Office */
    {"AU", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.ups_facility"}, /* Hold for P... */
    {"DL", PC_STATUS_DELIVERED, "delivered.signed"},            /* Delivery with Signature */
    {"DM", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Redelivery scheduled */
    {"DN", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.post_office"}, /* Available f... */
    {"DO", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_access"}, /* Delivery Attempted: No Ac... */
    {"DP", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.post_office"}, /* Reminder to... */
    {"DQ", PC_STATUS_IN_TRANSIT, NULL}, /* Accepted at USPS Destination Sort Facility */
    {"DR", PC_STATUS_IN_TRANSIT, NULL}, /* Departed USPS Facility */
    {"DS", PC_STATUS_IN_TRANSIT, NULL}, /* Sorted at UPS Facility */
    {"DU", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.notice_left"}, /* Notice Left: Receptacle... */
    {"DV", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.notice_left"}, /* Notice Left: Receptacle... */
    {"DW", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.notice_left"}, /* Notice Left: No Secure... */
    {"DX", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.notice_left"}, /* Notice Left: No Authori... */
    {"DY", PC_STATUS_IN_TRANSIT, NULL},                             /* Departed USPS Facility */
    {"DZ", PC_STATUS_IN_TRANSIT, NULL},                             /* Arrived at USPS Facility */
    {"EA", PC_STATUS_EXCEPTION, "exception.weather"}, /* Delivery Exception, Local Weather Delay */
    {"EB", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Rescheduled to Next Delivery Day */
    {"EC", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_access"}, /* Delivery Exception, Anima... */
    {"ED", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.post_office"}, /* Held at Pos... */
    {"EE", PC_STATUS_EXCEPTION, "exception.address"}, /* Insufficient Address */
    {"EF", PC_STATUS_RETURNED, NULL},                 /* Forward Expired */
    {"EG", PC_STATUS_EXCEPTION, "exception.address"}, /* Addressee Unknown */
    {"EH", PC_STATUS_EXCEPTION, "exception.address"}, /* Vacant */
    {"EI", PC_STATUS_RETURNED, NULL},                 /* Unclaimed/Being Returned to Sender */
    {"EJ", PC_STATUS_RETURNED, NULL},                 /* Return To Sender */
    {"EK", PC_STATUS_RETURNED, NULL},                 /* Return To Sender */
    {"EL", PC_STATUS_OUT_FOR_DELIVERY, NULL},         /* Out for Delivery or Out for Redelivery */
    {"EM", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.notice_left"}, /* Notice Left */
    {"EN", PC_STATUS_IN_TRANSIT, NULL},                             /* USPS in Possession of Item */
    {"F4", PC_STATUS_DELIVERED, NULL},     /* Package Delivered to Customer */
    {"KP", PC_STATUS_RETURNED, NULL},      /* Package returned to sender/not picked up */
    {"ML", PC_STATUS_INFO_RECEIVED, NULL}, /* Order information received */
    {"MP", PC_STATUS_INFO_RECEIVED, NULL}, /* Order information received */
    {"MQ", PC_STATUS_INFO_RECEIVED, NULL}, /* Order Shipped */
    {"MR", PC_STATUS_IN_TRANSIT, NULL},    /* In Transit to United States */
    {"MS", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Arrival in United States; Pending C... */
    {"MT", PC_STATUS_EXCEPTION, "exception.delayed"},   /* Rescheduled to next delivery day */
    {"MU", PC_STATUS_IN_TRANSIT, NULL},                 /* In Transit to Mail Innovations */
    {"MV", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Shipment tendered to Mail Innovat... */
    {"MW", PC_STATUS_IN_TRANSIT, NULL}, /* Departure from Origin Mail Innovations Facility */
    {"MX", PC_STATUS_IN_TRANSIT, NULL}, /* In Transit to International Processing Facility */
    {"MY", PC_STATUS_IN_TRANSIT, NULL}, /* In Transit */
    {"MZ", PC_STATUS_IN_TRANSIT, NULL}, /* Arrival in United States */
    {"OF", PC_STATUS_IN_TRANSIT, NULL}, /* Departure Scan: Enroute to customer */
    {"P0", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.access_point"}, /* Package De... */
    {"P1", PC_STATUS_DELIVERED, NULL},                                           /* Delivered */
    {"P2", PC_STATUS_IN_TRANSIT, NULL},                 /* Package Arrived in Destination Country */
    {"P3", PC_STATUS_IN_TRANSIT, NULL},                 /* Package in Local Delivery System */
    {"P4", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Package with Customs for Clearance */
    {"P5", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Package Cleared by Customs... */
    {"P6", PC_STATUS_FAILED_ATTEMPT, NULL},                     /* Delivery Attempted */
    {"P7", PC_STATUS_IN_TRANSIT, NULL}, /* Exported and In Transit to Country of Destination */
    {"P8", PC_STATUS_IN_TRANSIT, NULL}, /* In Transit */
    {"P9", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Out for Delivery */
    {"PA", PC_STATUS_IN_TRANSIT, NULL},       /* Package Received at Export Site */
    {"PB", PC_STATUS_IN_TRANSIT, NULL},       /* Processed Through a Transit Hub */
    {"PC", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.access_point"}, /* Package is... */
    {"PD", PC_STATUS_EXCEPTION, "exception.customs"}, /* Customs Clearance Delay */
    {"PE", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.access_point"}, /* Package Re... */
    {"PF", PC_STATUS_INFO_RECEIVED, NULL}, /* Export Site has received Package Details from UPS */
    {"PG", PC_STATUS_RETURNED, "returned.refused"},   /* Package Refused by Customer */
    {"PH", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Package was Damaged at UPS Access Poi... */
    {"PI", PC_STATUS_EXCEPTION, "exception.address"}, /* Incorrect Address */
    {"PJ", PC_STATUS_RETURNED, NULL}, /* Returned to Shipper - No Pickup from UPS Access Point */
    {"PK", PC_STATUS_EXCEPTION, "exception.customs"}, /* Customs Hold for Inspection */
    {"PL", PC_STATUS_RETURNED, "returned.refused"},   /* Package Refused by Receiver */
    {"PM", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Delivery Delay */
    {"PN", PC_STATUS_EXCEPTION, "exception.address"}, /* Incorrect Address */
    {"PO", PC_STATUS_EXCEPTION, "exception.customs"}, /* Customs Requiring Information, contac... */
    {"PP", PC_STATUS_DELIVERED, "delivered.picked_up"}, /* Package Retrieved from UPS Access P... */
    {"PQ", PC_STATUS_RETURNED, NULL},                   /* Returned to Shipper - No Tax ID */
    {"PR", PC_STATUS_RETURNED, NULL},                   /* Returned to Shipper - Banned Content */
    {"PS", PC_STATUS_RETURNED, NULL},                 /* Returned to Shipper - Incorrect Address */
    {"PT", PC_STATUS_RETURNED, NULL},                 /* Returned to Shipper - Undeliverable */
    {"PU", PC_STATUS_RETURNED, "returned.refused"},   /* Package Refused */
    {"PV", PC_STATUS_RETURNED, NULL},                 /* Returned to Shipper */
    {"PW", PC_STATUS_RETURNED, NULL},                 /* Returned to Shipper */
    {"PX", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Package Damaged */
    {"PY", PC_STATUS_EXCEPTION, "exception.weather"}, /* Delivery Delay due to Weather */
    {"Q0", PC_STATUS_IN_TRANSIT, NULL}, /* Electronic Shipment Information Received for Packag... */
    {"Q1", PC_STATUS_IN_TRANSIT, NULL}, /* Shipment Acceptance at international carrier */
    {"Q2", PC_STATUS_IN_TRANSIT, NULL}, /* Package arrived at international carrier */
    {"Q3", PC_STATUS_IN_TRANSIT, NULL}, /* Package processed by international carrier */
    {"Q4", PC_STATUS_IN_TRANSIT, NULL}, /* Package departed international carrier facility */
    {"Q5", PC_STATUS_EXCEPTION, NULL},  /* Package rejected by international carrier */
    {"Q6", PC_STATUS_IN_TRANSIT, "in_transit.customs"}, /* Package arrived at foreign customs... */
    {"Q7", PC_STATUS_IN_TRANSIT, "in_transit.customs_cleared"}, /* Package cleared by foreign... */
    {"Q8", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"Q9", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QA", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QB", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QC", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QD", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QE", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QF", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QG", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QH", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QI", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QJ", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QK", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QL", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QM", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QN", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QP", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QQ", PC_STATUS_EXCEPTION, "exception.customs"}, /* Package retained by foreign customs o... */
    {"QR", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Package was found damaged by a intern... */
    {"QS", PC_STATUS_FAILED_ATTEMPT, NULL},           /* Package delivery was attempted */
    {"QT", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.notice_left"}, /* Package delivery was at... */
    {"QU", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"}, /* Package delivery was at... */
    {"QV", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Package delivery was attempted but th... */
    {"QW", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Package delivery was attemp... */
    {"QX", PC_STATUS_RETURNED, "returned.refused"}, /* Package delivery was attempted but was... */
    {"QY", PC_STATUS_EXCEPTION, "exception.held"}, /* Package being held by international carrier */
    {"QZ", PC_STATUS_EXCEPTION, "exception.address"}, /* Package being held by international c... */
    {"R0", PC_STATUS_EXCEPTION, "exception.address"}, /* Package being held by international c... */
    {"R1", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL}, /* Package being held by international carri... */
    {"R2", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"}, /* Package being held by i... */
    {"R3", PC_STATUS_EXCEPTION, "exception.damaged"}, /* Package being held by international c... */
    {"R4", PC_STATUS_EXCEPTION, "exception.held"}, /* Package being held by international carr... */
    {"R5", PC_STATUS_EXCEPTION, "exception.address"}, /* Package being held by international c... */
    {"R6", PC_STATUS_IN_TRANSIT, "in_transit.delivery_change"}, /* Package being held by inter... */
    {"R7", PC_STATUS_EXCEPTION, "exception.payment"}, /* Package being held by international c... */
    {"R8", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Package being held by internationa... */
    {"R9", PC_STATUS_EXCEPTION, "exception.lost"},       /* Package was lost */
    {"RA", PC_STATUS_EXCEPTION, "exception.undeliverable"}, /* Package was left unclaimed by t... */
    {"RB", PC_STATUS_OUT_FOR_DELIVERY, NULL},               /* Out for delivery */
    {"RC", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Package is out for delivery but payment of ch... */
    {"RD", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Package is out for delivery; Force Majeure */
    {"RE", PC_STATUS_OUT_FOR_DELIVERY, NULL}, /* Out for delivery */
    {"RF", PC_STATUS_FAILED_ATTEMPT, NULL},   /* Package delivery was missed */
    {"RG", PC_STATUS_FAILED_ATTEMPT, NULL}, /* Package delivery was missed due to extraordinar... */
    {"RH", PC_STATUS_EXCEPTION, "exception.address"}, /* Package delivery was missed due to an... */
    {"RI", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"}, /* Package delivery was mi... */
    {"RJ", PC_STATUS_EXCEPTION, "exception.address"}, /* Package was not delivered due to an i... */
    {"RK", PC_STATUS_EXCEPTION, "exception.address"}, /* Package was not delivered due to an i... */
    {"RL", PC_STATUS_EXCEPTION, "exception.prohibited"}, /* Package was not delivered because... */
    {"RM", PC_STATUS_EXCEPTION, "exception.address"}, /* Package was not delivered because the... */
    {"RN", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Package was incorrectly sorted to the... */
    {"RP", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.post_office"}, /* Package req... */
    {"RQ", PC_STATUS_DELIVERED, NULL},                                          /* Delivered */
    {"RR", PC_STATUS_EXCEPTION, "exception.undeliverable"}, /* Package is undeliverable as add... */
    {"RS", PC_STATUS_EXCEPTION, "exception.seized"}, /* Package was seized and/or destroyed */
    {"RT", PC_STATUS_EXCEPTION, "exception.seized"}, /* Package was seized and/or destroyed be... */
    {"RU", PC_STATUS_EXCEPTION, "exception.seized"}, /* Package was seized and/or destroyed be... */
    {"RV", PC_STATUS_EXCEPTION, "exception.seized"}, /* Package was seized and/or destroyed be... */
    {"RW", PC_STATUS_EXCEPTION, "exception.seized"}, /* Package was seized and/or destroyed du... */
    {"RX", PC_STATUS_EXCEPTION, "exception.seized"}, /* Package was seized and/or destroyed be... */
    {"RY", PC_STATUS_EXCEPTION, "exception.seized"}, /* Package was seized and/or destroyed be... */
    {"RZ", PC_STATUS_EXCEPTION, "exception.seized"}, /* Package was seized and/or destroyed be... */
    {"S0", PC_STATUS_EXCEPTION, "exception.seized"}, /* Package was seized and/or destroyed be... */
    {"S1", PC_STATUS_EXCEPTION, "exception.seized"}, /* Package was seized and/or destroyed be... */
    {"S2", PC_STATUS_EXCEPTION, "exception.seized"}, /* Package was seized and/or destroyed be... */
    {"S3", PC_STATUS_EXCEPTION, "exception.seized"}, /* Package was seized and/or destroyed be... */
    {"S4", PC_STATUS_IN_TRANSIT, NULL}, /* Package was forwarded to the addressee's address th... */
    {"S5", PC_STATUS_IN_TRANSIT, NULL}, /* Package was received with an incorrect address and... */
    {"S6", PC_STATUS_IN_TRANSIT, NULL}, /* Package was missorted and was forwarded to the addr... */
    {"S7", PC_STATUS_IN_TRANSIT, NULL}, /* The addressee has moved and the package was forward... */
    {"S8", PC_STATUS_IN_TRANSIT, NULL}, /* Package was forwarded to the addressee's address th... */
    {"S9", PC_STATUS_RETURNED, NULL},   /* Package returned to sender by international carrier */
    {"SA", PC_STATUS_RETURNED, NULL}, /* Package returned to sender by international carrier b... */
    {"SB", PC_STATUS_RETURNED, NULL}, /* Package returned to sender by international carrier b... */
    {"SC", PC_STATUS_RETURNED, "returned.refused"}, /* Package returned to sender by internati... */
    {"SD", PC_STATUS_RETURNED, NULL}, /* Package returned to sender by international carrier b... */
    {"SE", PC_STATUS_RETURNED, NULL}, /* Package returned to sender by international carrier b... */
    {"SF", PC_STATUS_RETURNED, NULL}, /* Package returned to sender by international carrier b... */
    {"SG", PC_STATUS_RETURNED, "returned.damaged"}, /* Package returned to sender by internati... */
    {"SH", PC_STATUS_RETURNED, "returned.refused"}, /* Package returned to sender by internati... */
    {"SI", PC_STATUS_RETURNED, NULL}, /* Package returned to sender by international carrier b... */
    {"SJ", PC_STATUS_RETURNED, NULL}, /* Package returned to sender by international carrier b... */
    {"SK", PC_STATUS_RETURNED, NULL}, /* Package returned to sender by international carrier b... */
    {"SL", PC_STATUS_RETURNED, NULL}, /* International carrier is preparing package return */
    {"SM", PC_STATUS_RETURNED, NULL}, /* International carrier is processing package return */
    {"SN", PC_STATUS_EXCEPTION, "exception.delayed"}, /* Package en route; international carri... */
    {"SO", PC_STATUS_AVAILABLE_FOR_PICKUP, NULL}, /* Package has arrived at destination pick-u... */
    {"SP", PC_STATUS_RETURNED, NULL},             /* Return is out for delivery by post office */
    {"SQ", PC_STATUS_RETURNED, NULL},             /* Return delivered to sender */
    {"SR", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_one_home"}, /* No authorized addressee... */
    {"VS", PC_STATUS_IN_TRANSIT, "in_transit.picked_up"}, /* Shipment tendered to UPS Mail Inn... */
    {"XA", PC_STATUS_IN_TRANSIT, NULL},                   /* Accepted by post office */
    {"XD", PC_STATUS_RETURNED, "returned.damaged"},       /* Package Damaged: Returned to Sender */
    {"XO", PC_STATUS_RETURNED, NULL},                     /* Package Returned to Sender */
    {"YC", PC_STATUS_DELIVERED, NULL},                    /* Delivered */
    {"YD", PC_STATUS_AVAILABLE_FOR_PICKUP, "available_for_pickup.post_office"}, /* Held at Pos... */
    {"YE", PC_STATUS_RETURNED, "returned.refused"},                             /* Refused */
    {"YF", PC_STATUS_EXCEPTION, "exception.address"}, /* Unable to deliver, problem with address */
    {"YG", PC_STATUS_IN_TRANSIT, NULL},               /* Forwarded */
    {"YH", PC_STATUS_IN_TRANSIT, NULL},               /* Arrived at Post Office */
    {"YI", PC_STATUS_IN_TRANSIT, NULL},               /* Arrived at USPS Facility */
    {"YJ", PC_STATUS_EXCEPTION, "exception.address"}, /* No Such Number */
    {"YK", PC_STATUS_EXCEPTION, "exception.address"}, /* Moved, Left no Address */
    {"YL", PC_STATUS_EXCEPTION, "exception.undeliverable"}, /* Dead Mail: Disposed by Post Office */
    {"YM", PC_STATUS_EXCEPTION, "exception.undeliverable"}, /* Dead Mail: Sent to Mail Recover... */
    {"ZM", PC_STATUS_FAILED_ATTEMPT, "failed_attempt.no_access"}, /* Delivery Attempted: No Ac... */
    {"ZN", PC_STATUS_IN_TRANSIT, NULL}, /* Dispatched from USPS Intl Service Center */
    {"ZR", PC_STATUS_IN_TRANSIT, NULL}, /* Depature Scan: Enroute to USPS */
    {"ZS", PC_STATUS_IN_TRANSIT, NULL}, /* Package received for processing */
    {"ZT", PC_STATUS_IN_TRANSIT, NULL}, /* Package processed */
    {"ZU", PC_STATUS_IN_TRANSIT, NULL}, /* Departed UPS Facility */
    {"ZV", PC_STATUS_IN_TRANSIT, NULL}, /* Arrived at UPS Facility */
    {"ZW", PC_STATUS_IN_TRANSIT, NULL}, /* Postage Paid/Ready for destination post office entry */
    {"ZX", PC_STATUS_IN_TRANSIT, NULL}, /* Package transferred to post office. No further trac... */
    {"ZY", PC_STATUS_IN_TRANSIT, NULL}, /* Shipment Delivered to USPS, Package Acceptance Pending */
    {"ZZ", PC_STATUS_IN_TRANSIT, NULL}, /* Arrived at USPS Facility */
};
const size_t pc__ups_mi_codes_len = sizeof(pc__ups_mi_codes) / sizeof(pc__ups_mi_codes[0]);
