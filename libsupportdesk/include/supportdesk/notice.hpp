#pragma once
/// What an incident notice says (white paper §4.2.2): the values its
/// templates fill in, in the notice's language. The wording lives in the
/// templates (share/sd/templates/, or the desk's own copies); this module
/// gives them the facts, the words for impact and escalation, and the time
/// of the next hourly report. No I/O.
///
/// A notice says only what is true: the current situation is what the desk
/// writes for this notice (never a note recorded earlier), the next report
/// time is the one the incident clock tracks, times are in the customer's
/// zone and say which, and an English notice uses the customer's English
/// name when it has one.
#include "supportdesk/incidents.hpp"

#include <string>
#include <utility>
#include <vector>

namespace sd {

enum class NoticeLang { ja, en };
std::string_view to_string(NoticeLang l);

struct NoticeFacts {
  const IncidentView* view = nullptr;
  const Customer* customer = nullptr;
  NoticeKind kind = NoticeKind::first;
  NoticeLang lang = NoticeLang::ja;
  std::string desk_name;            ///< as the config names the desk
  std::string situation;            ///< the current situation, as written for this notice
  Instant now{};
  const Zone* zone = nullptr;  ///< the desk's: for a customer without a zone
  IncidentPolicy policy{};
};

/// The template's name: incident-KIND.LANG.txt.
std::string notice_template_name(NoticeKind kind, NoticeLang lang);
/// `2026-11-30 10:15 JST`: an instant in `zone` with the zone's
/// abbreviation (`UTC+07` where the zone has only a numeric one).
std::string format_notice_time(Instant t, const Zone* zone);
/// The next report a notice promises: the incident clock's next interim
/// due while one stands ahead; else, for a first or interim notice of an
/// impacting (or unjudged) incident not yet recovered, one interval from
/// `now` (the notice posted now starts the hour); else none.
std::optional<Instant> notice_next_report(const IncidentView& v, NoticeKind kind, Instant now,
                                          const IncidentPolicy& p);
/// The values a notice template fills in ({{name}}), documented in sd-templates(5).
std::vector<std::pair<std::string, std::string>> notice_values(const NoticeFacts& f);

}  // namespace sd
