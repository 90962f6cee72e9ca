#include "supportdesk/alert.hpp"
#include "supportdesk/error.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace sd;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(SD_FIXTURES_DIR) + "/alerts/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in, "missing fixture " << name);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Instant at(const char* iso) { return parse_instant(iso, find_zone("UTC", "test"), Instant{}, "t"); }

/// The message of the Error that parsing throws, checking it is a data
/// error (exit 65); "" when nothing is thrown.
std::string failure(std::string_view payload, std::optional<AlertFormat> format = std::nullopt) {
  try {
    parse_alerts(payload, format);
  } catch (const Error& e) {
    CHECK(e.code() == Exit::data);
    return e.what();
  }
  return "";
}

Alert only(std::string_view payload, std::optional<AlertFormat> format = std::nullopt) {
  auto alerts = parse_alerts(payload, format);
  REQUIRE(alerts.size() == 1);
  return alerts[0];
}

std::string label(const Alert& a, const std::string& key) {
  auto it = a.labels.find(key);
  return it == a.labels.end() ? "<none>" : it->second;
}

}  // namespace

TEST_CASE("alert format names") {
  for (auto f : {AlertFormat::alertmanager, AlertFormat::cloudwatch, AlertFormat::datadog,
                 AlertFormat::pagerduty, AlertFormat::generic}) {
    auto back = alert_format_from(to_string(f));
    REQUIRE(back);
    CHECK(*back == f);
  }
  // "auto" is the command line's word for detection, not a format.
  CHECK_FALSE(alert_format_from("auto"));
  CHECK_FALSE(alert_format_from("prometheus"));
}

TEST_CASE("alert: Alertmanager webhook, firing") {
  auto alerts = parse_alerts(fixture("alertmanager-firing.json"), std::nullopt);
  REQUIRE(alerts.size() == 2);
  const Alert& a = alerts[0];
  CHECK(a.source == AlertFormat::alertmanager);
  CHECK(a.identity == "2d7f8a1c9b3e4f60");
  CHECK(a.firing);
  CHECK(a.host == "web01.acme.example");
  CHECK(a.check == "HTTPProbeFailed");
  CHECK(a.severity == "critical");
  CHECK(a.customer == "ACME");
  CHECK(a.title == "HTTPProbeFailed on web01.acme.example:9115");
  CHECK(a.summary == "HTTP probe of web01 failing");
  REQUIRE(a.starts_at);
  CHECK(*a.starts_at == at("2026-11-30T00:58:30Z"));
  CHECK_FALSE(a.ends_at);  // the zero time means none
  CHECK(label(a, "host") == "web01.acme.example");
  CHECK(label(a, "check") == "HTTPProbeFailed");
  CHECK(label(a, "instance") == "web01.acme.example:9115");
  CHECK(label(a, "job") == "blackbox-http");
  CHECK(label(a, "customer") == "ACME");
  CHECK(a.delivery_key == "2d7f8a1c9b3e4f60|firing|2026-11-30T00:58:30Z");
  CHECK(alerts[1].identity == "8c01e5b27a94d3f1");
  CHECK(alerts[1].host == "web02.acme.example");
  CHECK(alerts[1].delivery_key != a.delivery_key);
}

TEST_CASE("alert: Alertmanager webhook, resolved") {
  auto firing = parse_alerts(fixture("alertmanager-firing.json"), std::nullopt);
  auto resolved = parse_alerts(fixture("alertmanager-resolved.json"), AlertFormat::alertmanager);
  REQUIRE(resolved.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CAPTURE(i);
    CHECK_FALSE(resolved[i].firing);
    CHECK(resolved[i].identity == firing[i].identity);
    CHECK(resolved[i].delivery_key != firing[i].delivery_key);
  }
  REQUIRE(resolved[0].ends_at);
  CHECK(*resolved[0].ends_at == at("2026-11-30T01:20:30Z"));
  CHECK(resolved[0].delivery_key == "2d7f8a1c9b3e4f60|resolved|2026-11-30T01:20:30Z");
}

TEST_CASE("alert: Alertmanager details") {
  auto am = [](const std::string& alert) {
    return R"({"version":"4","status":"firing","receiver":"sd","groupLabels":{},"alerts":[)" + alert + "]}";
  };
  // A host label wins over instance; sd_customer over customer; IPv6 ports.
  auto a = only(am(R"({"status":"firing","fingerprint":"f1","labels":{"alertname":"Down",
      "instance":"10.0.0.5:9100","host":"db01","customer":"other","sd_customer":"acme"},
      "annotations":{"description":"line one\nline two"},"startsAt":"2026-11-30T01:00:00.123456789Z"})"));
  CHECK(a.host == "db01");
  CHECK(a.customer == "ACME");
  CHECK(label(a, "sd_customer") == "acme");
  CHECK(a.summary == "line one");
  CHECK(*a.starts_at == at("2026-11-30T01:00:00Z"));
  CHECK(only(am(R"({"status":"firing","fingerprint":"f","labels":{"instance":"[2001:db8::1]:9100"}})")).host ==
        "2001:db8::1");
  CHECK(only(am(R"({"status":"firing","fingerprint":"f","labels":{"instance":"2001:db8::1"}})")).host ==
        "2001:db8::1");
  auto bare = only(am(R"({"status":"firing","fingerprint":"f9","labels":{}})"));
  CHECK(bare.title == "f9");
  CHECK(bare.labels.empty());
  CHECK(bare.delivery_key.rfind("f9|firing|h", 0) == 0);  // no times: a digest of the alert
  // A firing alert's endsAt is a guess, not an end.
  CHECK_FALSE(only(am(R"({"status":"firing","fingerprint":"f","endsAt":"2026-11-30T02:00:00Z"})")).ends_at);

  CHECK(failure(am(R"({"status":"firing","labels":{}},{"status":"firing","fingerprint":""})")) ==
        "alert payload: alerts[0] has no fingerprint");
  CHECK(failure(am(R"({"status":"firing","fingerprint":"a"},{"status":"firing","fingerprint":"b"},{"status":"firing"})")) ==
        "alert payload: alerts[2] has no fingerprint");
  CHECK(failure(am(R"({"status":"pending","fingerprint":"a"})")) ==
        "alert payload: alerts[0].status: 'pending' is not firing or resolved");
  CHECK(failure(am(R"({"status":"firing","fingerprint":"a","startsAt":"yesterday"})")) ==
        "alert payload: alerts[0].startsAt: 'yesterday' is not a time; expected ISO 8601 "
        "(2026-11-30T01:00:00Z) or Unix epoch seconds");
  CHECK(failure(am(R"({"status":"firing","fingerprint":"a","labels":{"x":{"y":1}}})")) ==
        "alert payload: alerts[0].labels.x: expected text, got an object");
  CHECK(failure(R"({"version":"4","receiver":"sd","alerts":[]})") == "alert payload: alerts[] is empty");
}

TEST_CASE("alert: Alertmanager versions other than 4 are refused") {
  std::string v3 = R"({"version":"3","status":"firing","receiver":"sd","groupLabels":{},
      "alerts":[{"status":"firing","labels":{"alertname":"Down"}}]})";
  CHECK(detect_alert_format(v3) == AlertFormat::alertmanager);
  CHECK(failure(v3) == "alert payload: Alertmanager version 3 is not supported; sd reads version 4");
  CHECK(failure(R"({"receiver":"sd","alerts":[{"status":"firing","fingerprint":"a"}]})",
                AlertFormat::alertmanager) ==
        "alert payload: Alertmanager webhook without a version; sd reads version 4");
}

TEST_CASE("alert: CloudWatch alarm through SNS") {
  auto alarm = only(fixture("cloudwatch-alarm.json"));
  CHECK(alarm.source == AlertFormat::cloudwatch);
  CHECK(alarm.identity == "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:acme-web01-cpu-high");
  CHECK(alarm.firing);
  CHECK(alarm.host == "i-0abc1234def567890");
  CHECK(alarm.check == "CPUUtilization");
  CHECK(alarm.title == "acme-web01-cpu-high");
  CHECK(alarm.summary.rfind("Threshold Crossed: 1 out of the last 1 datapoints [95.2", 0) == 0);
  CHECK(alarm.customer == "ACME");
  CHECK(alarm.severity == "critical");
  REQUIRE(alarm.starts_at);
  CHECK(*alarm.starts_at == at("2026-11-30T01:00:00Z"));  // "...00.000+0000"
  CHECK_FALSE(alarm.ends_at);
  CHECK(label(alarm, "InstanceId") == "i-0abc1234def567890");
  CHECK(label(alarm, "metric") == "CPUUtilization");
  CHECK(label(alarm, "namespace") == "AWS/EC2");
  CHECK(label(alarm, "region") == "ap-northeast-1");
  CHECK(label(alarm, "region_name") == "Asia Pacific (Tokyo)");
  CHECK(label(alarm, "account") == "123456789012");
  CHECK(label(alarm, "alarm") == "acme-web01-cpu-high");
  CHECK(label(alarm, "host") == "i-0abc1234def567890");

  auto ok = only(fixture("cloudwatch-ok.json"), AlertFormat::cloudwatch);
  CHECK_FALSE(ok.firing);
  CHECK(ok.identity == alarm.identity);
  CHECK_FALSE(ok.starts_at);
  REQUIRE(ok.ends_at);
  CHECK(*ok.ends_at == at("2026-11-30T01:30:00Z"));
  CHECK(ok.delivery_key != alarm.delivery_key);
}

TEST_CASE("alert: CloudWatch alarm without the SNS envelope, and its states") {
  std::string bare = R"j({"AlarmName":"rds-cpu","AlarmDescription":null,"AWSAccountId":"123456789012",
      "NewStateValue":"INSUFFICIENT_DATA","NewStateReason":"Insufficient Data: 1 datapoint was unknown.",
      "StateChangeTime":"2026-11-30T04:00:00.000+0900","Region":"Asia Pacific (Tokyo)",
      "AlarmArn":"arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:rds-cpu","OldStateValue":"OK",
      "Trigger":{"MetricName":"CPUUtilization","Namespace":"AWS/RDS",
        "Dimensions":[{"value":"acme-db","name":"DBInstanceIdentifier"}]}})j";
  CHECK(detect_alert_format(bare) == AlertFormat::cloudwatch);
  auto a = only(bare);
  CHECK(a.firing);
  CHECK(a.severity == "insufficient-data");
  CHECK(a.host == "acme-db");
  CHECK(a.customer.empty());
  CHECK(label(a, "customer") == "<none>");
  CHECK(*a.starts_at == at("2026-11-29T19:00:00Z"));

  // The Message given as an object (raw delivery gives the alarm alone).
  std::string object_message = R"({"Type":"Notification","MessageId":"m-1","TopicArn":"arn:aws:sns:x",
      "Message":{"AlarmName":"n","AlarmArn":"arn:aws:cloudwatch:us-east-1:1:alarm:n","NewStateValue":"ALARM"}})";
  auto o = only(object_message);
  CHECK(o.identity == "arn:aws:cloudwatch:us-east-1:1:alarm:n");
  CHECK(o.check == "n");  // no metric: the alarm's name
  CHECK(o.delivery_key == "arn:aws:cloudwatch:us-east-1:1:alarm:n|firing|m-1");  // no time: the MessageId

  // Metric math alarms list their metrics.
  auto math = only(R"({"AlarmName":"err-rate","AlarmArn":"arn:aws:cloudwatch:ap-northeast-1:1:alarm:err-rate",
      "NewStateValue":"ALARM","StateChangeTime":"2026-11-30T01:00:00.000+0000","Trigger":{"Metrics":[
      {"Id":"e1","Expression":"m1/m2","ReturnData":true},
      {"Id":"m1","MetricStat":{"Metric":{"Dimensions":[{"value":"app/acme-alb/50dc6c495c0c9188","name":"LoadBalancer"}],
        "MetricName":"HTTPCode_Target_5XX_Count","Namespace":"AWS/ApplicationELB"},"Period":60,"Stat":"Sum"},"ReturnData":false}]}})");
  CHECK(math.host == "app/acme-alb/50dc6c495c0c9188");
  CHECK(math.check == "HTTPCode_Target_5XX_Count");

  CHECK(failure(R"({"Type":"Notification","MessageId":"m","TopicArn":"t","Message":"CPU is high on web01"})") ==
        "alert payload: SNS Message is not JSON (parse error at byte 1); sd reads CloudWatch alarm notifications");
  CHECK(failure(R"({"Type":"SubscriptionConfirmation","TopicArn":"t","Message":"You have chosen to subscribe",
      "SubscribeURL":"https://sns.example/"})") ==
        "alert payload: an SNS SubscriptionConfirmation, not a notification; confirm the subscription by "
        "opening its SubscribeURL");
  CHECK(failure(R"({"AlarmName":"n","NewStateValue":"ALARM"})", AlertFormat::cloudwatch) ==
        "alert payload: CloudWatch alarm without an AlarmArn");
  CHECK(failure(R"({"AlarmArn":"arn:aws:cloudwatch:r:1:alarm:n","NewStateValue":"PENDING"})") ==
        "alert payload: NewStateValue: 'PENDING' is not ALARM, OK or INSUFFICIENT_DATA");
}

TEST_CASE("alert: Datadog webhook") {
  auto t = only(fixture("datadog-triggered.json"));
  CHECK(t.source == AlertFormat::datadog);
  CHECK(t.identity == "7623847284729384712");
  CHECK(t.firing);
  CHECK(t.host == "db01.acme.example");
  CHECK(t.check == "system.disk.in_use");
  CHECK(t.severity == "error");
  CHECK(t.customer == "ACME");  // Datadog lower-cases tags
  CHECK(t.title == "Disk usage above 90% on db01.acme.example");
  CHECK(t.summary == "Disk usage on /var/lib/postgresql is 93.4% on db01.acme.example.");
  REQUIRE(t.starts_at);
  CHECK(*t.starts_at == at("2026-11-30T00:00:12Z"));  // epoch milliseconds
  CHECK(label(t, "env") == "prod");
  CHECK(label(t, "role") == "db,postgres");
  CHECK(label(t, "monitor") == "");
  CHECK(label(t, "device") == "/dev/nvme1n1");
  CHECK(label(t, "customer") == "ACME");
  CHECK(label(t, "priority") == "P2");
  CHECK(label(t, "monitor_id") == "48213377");
  CHECK(t.delivery_key == "7623847284729384712|firing|7623847284729384712");

  auto r = only(fixture("datadog-recovered.json"), AlertFormat::datadog);
  CHECK_FALSE(r.firing);
  CHECK(r.identity == t.identity);
  CHECK(r.severity.empty());
  REQUIRE(r.ends_at);
  CHECK(*r.ends_at == at("2026-11-30T00:30:12Z"));
  CHECK(r.delivery_key != t.delivery_key);
}

TEST_CASE("alert: Datadog identities, tags and times in other shapes") {
  // No cycle key: the monitor id with the aggregation key (or the host),
  // so the groups of a multi-alert monitor stay apart.
  auto a = only(R"({"alert_id":"1234","aggregate":"agg1","hostname":"web01","title":"[Warn] CPU",
      "event_type":"metric_alert_monitor","alert_transition":"Warn","tags":["customer:acme","env:prod"],
      "date":1795996812})");
  auto unfilled = only(R"({"alert_transition":"Triggered","alert_id":"9","tags":"$TAGS"})");
  CHECK(unfilled.labels == std::map<std::string, std::string>{{"monitor_id", "9"}, {"severity", "error"}});
  CHECK(a.identity == "1234/agg1");
  CHECK(a.severity == "warning");
  CHECK(a.customer == "ACME");
  CHECK(a.title == "CPU");
  CHECK(*a.starts_at == at("2026-11-30T00:00:12Z"));  // epoch seconds, a number
  auto b = only(R"({"alert_id":1234,"hostname":"web02","title":"CPU","event_type":"metric_alert_monitor",
      "alert_type":"success","alert_cycle_key":"$ALERT_CYCLE_KEY","last_updated":"1795996812"})");
  CHECK(b.identity == "1234/web02");  // an unfilled $VARIABLE is absent
  CHECK_FALSE(b.firing);              // success without a transition
  CHECK(detect_alert_format(R"({"alert_transition":"No Data","alert_id":"9"})") == AlertFormat::datadog);
  CHECK(only(R"({"alert_transition":"No Data","alert_id":"9"})").severity == "no-data");
  CHECK(failure(R"({"alert_transition":"Triggered","title":"x"})") ==
        "alert payload: Datadog webhook without alert_cycle_key or alert_id; add \"alert_cycle_key\": "
        "\"$ALERT_CYCLE_KEY\" and \"alert_id\": \"$ALERT_ID\" to its payload");
  CHECK(failure(R"({"alert_transition":"Triggered","alert_id":"9","last_updated":"Mon Nov 30"})") ==
        "alert payload: last_updated: 'Mon Nov 30' is not a time; expected ISO 8601 (2026-11-30T01:00:00Z) "
        "or Unix epoch seconds");
}

TEST_CASE("alert: PagerDuty Events API v2") {
  auto t = only(fixture("pagerduty-trigger.json"));
  CHECK(t.source == AlertFormat::pagerduty);
  CHECK(t.identity == "acme/lb01.acme.example/ping");
  CHECK(t.firing);
  CHECK(t.host == "lb01.acme.example");
  CHECK(t.check == "ping");
  CHECK(t.severity == "critical");
  CHECK(t.customer == "ACME");
  CHECK(t.title == "PING FAILED: lb01.acme.example is unreachable (100% packet loss)");
  CHECK(*t.starts_at == at("2026-11-30T03:15:42Z"));
  CHECK(label(t, "packet_loss") == "100%");
  CHECK(label(t, "attempts") == "5");
  CHECK(label(t, "checked_from") == "<none>");  // arrays are not labels
  CHECK(label(t, "rtt_ms") == "<none>");
  CHECK(label(t, "component") == "haproxy");
  CHECK(label(t, "group") == "acme-prod-edge");
  CHECK(label(t, "class") == "ping");

  auto r = only(fixture("pagerduty-resolve.json"), AlertFormat::pagerduty);
  CHECK_FALSE(r.firing);
  CHECK(r.identity == t.identity);
  CHECK(r.title == t.identity);  // a resolve carries no payload
  CHECK(r.delivery_key != t.delivery_key);
  CHECK(only(fixture("pagerduty-resolve.json")).delivery_key == r.delivery_key);

  // An acknowledge is a firing re-delivery onto the same alert.
  auto ack = only(R"({"routing_key":"R01","dedup_key":"acme/lb01.acme.example/ping","event_action":"acknowledge"})");
  CHECK(ack.firing);
  CHECK(ack.identity == t.identity);

  // A trigger without dedup_key gets a key derived from routing key,
  // summary and source: stable, and different when those differ.
  std::string bare = R"({"routing_key":"R01","event_action":"trigger",
      "payload":{"summary":"disk full","source":"db01","severity":"error"}})";
  auto d1 = only(bare), d2 = only(bare);
  CHECK(d1.identity.rfind("pd-", 0) == 0);
  CHECK(d1.identity == d2.identity);
  CHECK(d1.delivery_key == d2.delivery_key);
  CHECK(only(R"({"routing_key":"R01","event_action":"trigger",
      "payload":{"summary":"disk full","source":"db02","severity":"error"}})").identity != d1.identity);

  CHECK(failure(R"({"routing_key":"R01","event_action":"resolve"})") ==
        "alert payload: PagerDuty resolve without a dedup_key");
  CHECK(failure(R"({"routing_key":"R01","event_action":"escalate","dedup_key":"k"})") ==
        "alert payload: event_action: 'escalate' is not trigger, acknowledge or resolve");
  CHECK(failure(R"({"service_key":"abc","event_type":"trigger","description":"down"})") ==
        "alert payload: PagerDuty Events API v1 is not supported; sd reads Events API v2 (event_action, "
        "dedup_key, payload)");
}

TEST_CASE("alert: generic form") {
  auto a = only(fixture("generic-single.json"));
  CHECK(a.source == AlertFormat::generic);
  CHECK(a.identity == "web01-http");
  CHECK(a.firing);
  CHECK(a.title == "HTTP check failed on web01");
  CHECK(a.summary == "GET https://www.acme.example/ returned 503 three times in a row");
  CHECK(a.host == "web01.acme.example");
  CHECK(a.check == "url");
  CHECK(a.severity == "critical");
  CHECK(a.customer == "ACME");
  CHECK(*a.starts_at == at("2026-11-30T01:02:00Z"));
  CHECK(label(a, "role") == "web");
  CHECK(label(a, "check") == "url");
  CHECK(a.delivery_key == "web01-http|firing|2026-11-30T01:02:00Z");

  auto list = parse_alerts(fixture("generic-array.json"), std::nullopt);
  REQUIRE(list.size() == 2);
  CHECK_FALSE(list[0].firing);
  CHECK(list[0].identity == a.identity);
  CHECK(*list[0].ends_at == at("2026-11-30T01:14:30Z"));
  CHECK(list[0].delivery_key == "web01-http|resolved|2026-11-30T01:14:30Z");
  CHECK(list[1].title == "夜間バックアップ失敗");
  CHECK(list[1].customer == "ACME");  // from the labels
  CHECK(list[1].host == "batch02.acme.example");

  auto wrapped = parse_alerts(R"({"alerts":[{"id":"x","status":"firing"},{"id":"y","status":"resolved"}]})",
                              std::nullopt);
  REQUIRE(wrapped.size() == 2);
  CHECK(wrapped[0].title == "x");
  CHECK(wrapped[1].identity == "y");

  // Title from check and host when absent; summary to one line.
  auto b = only(R"({"id":7,"status":"firing","check":"ping","host":"h1","summary":"\n  first\nsecond"})");
  CHECK(b.identity == "7");
  CHECK(b.title == "first");
  CHECK(only(R"({"id":"z","status":"firing","check":"ping","host":"h1"})").title == "ping on h1");

  CHECK(failure(R"([{"id":"x","status":"firing"},{"status":"firing"}])", AlertFormat::generic) ==
        "alert payload: [1] has no id");
  CHECK(failure(R"({"id":"x"})", AlertFormat::generic) == "alert payload: generic alert has no status");
  CHECK(failure(R"({"id":"x","status":"open"})", AlertFormat::generic) ==
        "alert payload: status: 'open' is not firing or resolved");
  CHECK(failure(R"({"alerts":[{"id":"x","status":"firing","starts_at":"now"}]})") ==
        "alert payload: alerts[0].starts_at: 'now' is not a time; expected ISO 8601 (2026-11-30T01:00:00Z) "
        "or Unix epoch seconds");
  CHECK(failure(R"({"id":"x","status":"firing","labels":["a"]})") ==
        "alert payload: labels: expected an object, got an array");
  CHECK(failure("[]", AlertFormat::generic) == "alert payload: the array is empty");
}

TEST_CASE("alert: detection") {
  CHECK(detect_alert_format(fixture("alertmanager-firing.json")) == AlertFormat::alertmanager);
  CHECK(detect_alert_format(fixture("alertmanager-resolved.json")) == AlertFormat::alertmanager);
  CHECK(detect_alert_format(fixture("cloudwatch-alarm.json")) == AlertFormat::cloudwatch);
  CHECK(detect_alert_format(fixture("cloudwatch-ok.json")) == AlertFormat::cloudwatch);
  CHECK(detect_alert_format(fixture("datadog-triggered.json")) == AlertFormat::datadog);
  CHECK(detect_alert_format(fixture("datadog-recovered.json")) == AlertFormat::datadog);
  CHECK(detect_alert_format(fixture("pagerduty-trigger.json")) == AlertFormat::pagerduty);
  CHECK(detect_alert_format(fixture("pagerduty-resolve.json")) == AlertFormat::pagerduty);
  CHECK(detect_alert_format(fixture("generic-single.json")) == AlertFormat::generic);
  CHECK(detect_alert_format(fixture("generic-array.json")) == AlertFormat::generic);
  CHECK_FALSE(detect_alert_format("not json"));
  CHECK_FALSE(detect_alert_format(""));
  CHECK_FALSE(detect_alert_format(R"({"hello":"world"})"));
  CHECK_FALSE(detect_alert_format(R"([{"id":"x","status":"firing"},{"id":"y"}])"));
  // A generic alert that happens to carry Alertmanager-like keys is still
  // generic without a version.
  CHECK(detect_alert_format(R"({"alerts":[{"id":"x","status":"firing","fingerprint":"f"}]})") ==
        AlertFormat::generic);
}

TEST_CASE("alert: delivery keys tell re-deliveries from new deliveries") {
  for (const char* name : {"alertmanager-firing.json", "alertmanager-resolved.json", "cloudwatch-alarm.json",
                           "cloudwatch-ok.json", "datadog-triggered.json", "datadog-recovered.json",
                           "pagerduty-trigger.json", "pagerduty-resolve.json", "generic-single.json",
                           "generic-array.json"}) {
    CAPTURE(name);
    auto once = parse_alerts(fixture(name), std::nullopt);
    auto twice = parse_alerts(fixture(name), std::nullopt);
    REQUIRE(once.size() == twice.size());
    for (std::size_t i = 0; i < once.size(); ++i) {
      CHECK(once[i].delivery_key == twice[i].delivery_key);
      CHECK(once[i].delivery_key.rfind(once[i].identity + "|", 0) == 0);
    }
  }
  // Fire, resolve, fire again: one identity, three deliveries.
  auto am = [](const char* status, const char* starts, const char* ends) {
    return std::string(R"({"version":"4","receiver":"sd","alerts":[{"status":")") + status +
           R"(","fingerprint":"abc","labels":{"alertname":"Down"},"startsAt":")" + starts +
           R"(","endsAt":")" + ends + R"("}]})";
  };
  auto first = only(am("firing", "2026-11-30T01:00:00Z", "0001-01-01T00:00:00Z"));
  auto resolved = only(am("resolved", "2026-11-30T01:00:00Z", "2026-11-30T01:10:00Z"));
  auto again = only(am("firing", "2026-11-30T02:00:00Z", "0001-01-01T00:00:00Z"));
  auto repeat = only(am("firing", "2026-11-30T01:00:00Z", "2026-11-30T05:00:00Z"));  // repeat_interval
  CHECK(first.identity == resolved.identity);
  CHECK(first.identity == again.identity);
  CHECK(first.delivery_key != resolved.delivery_key);
  CHECK(first.delivery_key != again.delivery_key);
  CHECK(resolved.delivery_key != again.delivery_key);
  CHECK(repeat.delivery_key == first.delivery_key);
}

TEST_CASE("alert: payloads that are not alerts") {
  std::string whole = fixture("pagerduty-trigger.json");
  std::string cut = whole.substr(0, 120);
  CHECK(failure(cut) == "alert payload: not JSON (it ends early, at byte 120)");
  CHECK(failure("{\"id\": \"x\", \"status\": firing}") == "alert payload: not JSON (parse error at byte 24)");
  CHECK(failure("<html><body>502 Bad Gateway</body></html>") == "alert payload: not JSON (parse error at byte 1)");
  std::string japanese = R"({"id":"x","status":"firing","title":"ディスク)";
  CHECK(failure(japanese.substr(0, japanese.size() - 1)) == "alert payload: not JSON (it ends early, at byte 48)");
  CHECK(failure("") == "alert payload: empty; expected JSON");
  CHECK(failure(" \n") == "alert payload: empty; expected JSON");
  CHECK(failure(R"({"hello":"world"})") ==
        "alert payload: not a format sd knows; the formats are alertmanager|cloudwatch|datadog|pagerduty|generic");
  CHECK(failure("42") ==
        "alert payload: not a format sd knows; the formats are alertmanager|cloudwatch|datadog|pagerduty|generic");
  CHECK(failure("42", AlertFormat::pagerduty) == "alert payload: expected a PagerDuty event (a JSON object), got a number");
  // --format forced onto another system's payload.
  CHECK(failure(fixture("pagerduty-trigger.json"), AlertFormat::alertmanager) ==
        "alert payload: not an Alertmanager webhook; it looks like a PagerDuty event (read it as pagerduty, "
        "or detect the format)");
  CHECK(failure(fixture("alertmanager-firing.json"), AlertFormat::generic) ==
        "alert payload: not a generic sd alert; it looks like an Alertmanager webhook (read it as "
        "alertmanager, or detect the format)");
  CHECK(failure(fixture("cloudwatch-alarm.json"), AlertFormat::datadog) ==
        "alert payload: not a Datadog webhook; it looks like a CloudWatch alarm notification (read it as "
        "cloudwatch, or detect the format)");
  // Forced onto nothing recognizable: the forced reader says what it misses.
  CHECK(failure(R"({"hello":"world"})", AlertFormat::pagerduty) ==
        "alert payload: PagerDuty event without an event_action");
}

TEST_CASE("alert: text must be UTF-8, and control characters do not pass") {
  CHECK(failure("{\"id\":\"x\",\"status\":\"firing\",\"title\":\"caf\xE9\"}") ==
        "alert payload: not valid UTF-8 (at byte 41)");
  CHECK(failure("{\"id\":\"x\",\"status\":\"firing\",\"title\":\"\xE3\x81\"}") ==
        "alert payload: not valid UTF-8 (at byte 38)");
  CHECK_FALSE(detect_alert_format("{\"id\":\"x\",\"status\":\"firing\",\"title\":\"\xFF\"}"));
  // A lone surrogate escape is not text either.
  CHECK(failure(R"({"id":"x","status":"firing","title":"\ud800"})").rfind("alert payload: not JSON", 0) == 0);
  auto a = only(R"({"id":"x","status":"firing","title":"red \u001b[31malert\u0007","host":"web\u009b01",
      "labels":{"note":"a\u0000b"}})");
  CHECK(a.title == "red [31malert");
  CHECK(a.host == "web 01");
  CHECK(label(a, "note") == "a b");
  auto j = only(R"({"id":"障害-1","status":"firing","title":"ディスク容量不足","customer":"acme"})");
  CHECK(j.identity == "障害-1");
  CHECK(j.title == "ディスク容量不足");
  CHECK(j.customer == "ACME");
}

TEST_CASE("alert: hostile payloads are refused as data, never crash") {
  std::string open(60000, '['), close(60000, ']');
  const std::string deep = "nested deeper than 64 levels, the most sd reads";
  CHECK(failure(R"({"id":"x","status":"firing","labels":)" + open + close + "}") == "alert payload: " + deep);
  for (AlertFormat f : {AlertFormat::alertmanager, AlertFormat::cloudwatch, AlertFormat::datadog,
                        AlertFormat::pagerduty, AlertFormat::generic})
    CHECK(failure("{\"x\":" + open + close + "}", f) == "alert payload: " + deep);
  CHECK_FALSE(detect_alert_format(open + close).has_value());
  // Brackets inside strings do not nest.
  CHECK(only(R"({"id":"x","status":"firing","title":")" + open + "\"}").identity == "x");
  // The JSON in an SNS Message string is counted on its own.
  CHECK(failure(R"({"Type":"Notification","Message":")" + open + close + "\"}") ==
        "alert payload: SNS Message is " + deep + "; sd reads CloudWatch alarm notifications");
  // 64 levels are read.
  std::string at64 = R"({"id":"x","status":"firing","x":)" + std::string(63, '[') + std::string(63, ']') + "}";
  CHECK(only(at64).identity == "x");
  CHECK(failure(R"({"id":"x","status":"firing","x":)" + std::string(64, '[') + std::string(64, ']') + "}") ==
        "alert payload: " + deep);

  CHECK(failure(R"({"id":"x","status":"firing","starts_at":1e400})") ==
        "alert payload: not JSON sd can read (a number past the range of a double)");
  CHECK(failure(R"({"Type":"Notification","Message":"[-1e400]"})") ==
        "alert payload: SNS Message is not JSON sd can read (a number past the range of a double); sd reads "
        "CloudWatch alarm notifications");

  std::string ok = R"({"id":"x","status":"firing"})";
  CHECK(parse_alerts(ok, std::nullopt, ok.size()).size() == 1);
  try {
    parse_alerts(ok, std::nullopt, ok.size() - 1);
    FAIL("a payload past the limit was read");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::data);
    CHECK(std::string(e.what()) == "alert payload: 28 bytes, past the limit of 27 ([alerts] max_payload_bytes); not read");
  }
}

TEST_CASE("alert: nothing a payload says reaches a terminal as a control") {
  auto a = only(R"({"id":"a\u001b[31mb\u202ec\u009bd\u2066e\u007f","status":"firing","host":"h\u202e1",)"
                R"("title":"t\u001b]0;x\u0007","labels":{"k\u001b":"v\u2069w"}})");
  CHECK(a.identity == "a [31mb c d e ");
  CHECK(a.delivery_key.rfind("a [31mb c d e |firing|", 0) == 0);
  CHECK(a.host == "h 1");
  CHECK(a.title == "t ]0;x");
  CHECK(a.labels.at("k") == "v w");
  // A label key that names a nested value is quoted cleaned in the error.
  CHECK(failure(R"({"id":"x","status":"firing","labels":{"a\u001b":{}}})") ==
        "alert payload: labels.a: expected text, got an object");
}
