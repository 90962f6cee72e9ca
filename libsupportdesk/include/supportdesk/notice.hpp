#pragma once
/// What an incident notice says (white paper §4.2.2): the values its
/// templates fill in, in the notice's language. The wording lives in the
/// templates (share/sd/templates/, or the desk's own copies); this module
/// gives them the facts, the words for impact and escalation, and the time
/// of the next hourly report. No I/O.
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
  Instant now{};
  const date::time_zone* zone = nullptr;
  IncidentPolicy policy{};
};

/// The template's name: incident-KIND.LANG.txt.
std::string notice_template_name(NoticeKind kind, NoticeLang lang);
/// The values a notice template fills in ({{name}}), documented in sd-incident(1).
std::vector<std::pair<std::string, std::string>> notice_values(const NoticeFacts& f);

}  // namespace sd
