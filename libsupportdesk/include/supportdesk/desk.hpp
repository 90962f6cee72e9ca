#pragma once
/// The desk's services, one per seam, over one DeskContext: customers and
/// contacts, requests, incidents, alert intake, problems, reports and the
/// audit log.
#include "supportdesk/alerts_intake.hpp"
#include "supportdesk/audit.hpp"
#include "supportdesk/checkup.hpp"
#include "supportdesk/customers.hpp"
#include "supportdesk/incidents.hpp"
#include "supportdesk/problems.hpp"
#include "supportdesk/reports.hpp"
#include "supportdesk/requests.hpp"
#include "supportdesk/service.hpp"
