#include "supportdesk/notice.hpp"

namespace sd {

std::string_view to_string(NoticeLang l) { return l == NoticeLang::ja ? "ja" : "en"; }

std::string notice_template_name(NoticeKind kind, NoticeLang lang) {
  return "incident-" + std::string(to_string(kind)) + "." + std::string(to_string(lang)) + ".txt";
}

std::vector<std::pair<std::string, std::string>> notice_values(const NoticeFacts& f) {
  const auto& v = *f.view;
  const auto& i = v.incident;
  auto local = [&](const std::optional<Instant>& t) { return t ? format_local_short(*t, f.zone) : std::string(); };
  bool ja = f.lang == NoticeLang::ja;
  // The situation as last reported: the newest interim report or notice.
  std::string status_note;
  for (const auto& ev : v.events)
    if (ev.kind == "update" || (ev.kind == "notify" && !ev.note.empty())) status_note = ev.note;
  // The hourly report that follows this one (impacting incidents only).
  std::string next_report;
  if (f.kind != NoticeKind::recovery && i.impacting()) next_report = local(f.now + f.policy.interim_every);
  const char* impact_ja = i.impact == Impact::yes ? "サービス影響あり" : i.impact == Impact::no ? "サービス影響なし" : "判定中";
  const char* impact_en = i.impact == Impact::yes ? "service affected"
                          : i.impact == Impact::no ? "no service impact"
                                                   : "being assessed";
  std::string escalated = i.escalated_to == "aws"              ? (ja ? "AWS サポート" : "AWS Support")
                          : i.escalated_to == "support-center" ? (ja ? "サポートセンター" : "our support center")
                                                               : "";
  return {{"customer_name", f.customer->name},
          {"customer_key", f.customer->key},
          {"key", i.key()},
          {"title", i.title},
          {"host", i.host},
          {"impact", impact_ja},
          {"impact_en", impact_en},
          {"received_at", local(i.received_at)},
          {"detected_at", local(i.detected_at)},
          {"business_impact", i.business_impact},
          {"details", i.details},
          {"status_note", status_note},
          {"next_report_at", next_report},
          {"recovered_at", local(i.recovered_at)},
          {"recovery_action", i.recovery_action},
          {"escalated_to", escalated},
          {"desk_name", f.desk_name},
          {"now", local(f.now)}};
}

}  // namespace sd
