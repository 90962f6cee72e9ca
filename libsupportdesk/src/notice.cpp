#include "supportdesk/notice.hpp"

namespace sd {

std::string_view to_string(NoticeLang l) { return l == NoticeLang::ja ? "ja" : "en"; }

std::string notice_template_name(NoticeKind kind, NoticeLang lang) {
  return "incident-" + std::string(to_string(kind)) + "." + std::string(to_string(lang)) + ".txt";
}

std::string format_notice_time(Instant t, const Zone* zone) {
  auto info = zone->period(t);
  std::string abbrev(info.abbrev);
  if (abbrev.empty() || abbrev[0] == '+' || abbrev[0] == '-') {
    auto minutes = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
    auto a = minutes < 0 ? -minutes : minutes;
    abbrev = std::string("UTC") + (minutes < 0 ? "-" : "+") + (a / 60 < 10 ? "0" : "") + std::to_string(a / 60) +
             (a % 60 ? ":" + std::string(a % 60 < 10 ? "0" : "") + std::to_string(a % 60) : "");
  }
  return format_local_short(t, zone) + " " + abbrev;
}

std::optional<Instant> notice_next_report(const IncidentView& v, NoticeKind kind, Instant now,
                                          const IncidentPolicy& p) {
  const auto& i = v.incident;
  if (kind == NoticeKind::recovery || !i.impacting() || i.status != IncidentStatus::open) return std::nullopt;
  if (v.clock.next_interim_due && *v.clock.next_interim_due > now) return v.clock.next_interim_due;
  return now + p.interim_every;
}

std::vector<std::pair<std::string, std::string>> notice_values(const NoticeFacts& f) {
  const auto& v = *f.view;
  const auto& i = v.incident;
  // Times in the customer's zone, labelled; the desk's for a customer without one.
  const Zone* zone = f.customer->tz.empty() ? f.zone : find_zone(f.customer->tz, "tz");
  auto local = [&](const std::optional<Instant>& t) { return t ? format_notice_time(*t, zone) : std::string(); };
  bool ja = f.lang == NoticeLang::ja;
  std::string next_report = local(notice_next_report(v, f.kind, f.now, f.policy));
  std::string customer_name = !ja && !f.customer->name_en.empty() ? f.customer->name_en : f.customer->name;
  const char* impact_ja = i.impact == Impact::yes ? "サービス影響あり" : i.impact == Impact::no ? "サービス影響なし" : "判定中";
  const char* impact_en = i.impact == Impact::yes ? "service affected"
                          : i.impact == Impact::no ? "no service impact"
                                                   : "being assessed";
  std::string escalated = i.escalated_to == "aws"              ? (ja ? "AWS サポート" : "AWS Support")
                          : i.escalated_to == "support-center" ? (ja ? "サポートセンター" : "our support center")
                                                               : "";
  return {{"customer_name", customer_name},
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
          {"status_note", f.situation},
          {"next_report_at", next_report},
          {"recovered_at", local(i.recovered_at)},
          {"recovery_action", i.recovery_action},
          {"escalated_to", escalated},
          {"desk_name", f.desk_name},
          {"now", local(f.now)}};
}

}  // namespace sd
