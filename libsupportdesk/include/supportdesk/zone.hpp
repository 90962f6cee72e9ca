#pragma once
/// A time zone read from one TZif file (RFC 8536), found by name under
/// `$TZDIR` or `/usr/share/zoneinfo`. sd's own small zone type: looking a zone
/// up opens that one file, where the date library's database first walks the
/// whole zoneinfo tree (about 680 `stat` calls at every start).
#include <date/date.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

/// One stretch of a zone's time at one offset: [begin, end).
struct ZonePeriod {
  date::sys_seconds begin{};
  date::sys_seconds end{};
  std::chrono::seconds offset{0};
  std::string_view abbrev;  ///< `JST`, `+0530`: lives as long as the zone
};

/// What a local reading is in a zone: one instant (`unique`), none (the
/// clocks jumped over it: `first` is the period before the jump, `second` the
/// one after), or two (the clocks went back: `first` is the earlier).
struct LocalReading {
  enum Kind { unique, nonexistent, ambiguous } kind = unique;
  ZonePeriod first, second;
};

/// Which instant a local reading that exists twice means.
enum class Choose { earliest, latest };

class Zone {
 public:
  /// The zone named `name` (an IANA name such as `Asia/Tokyo`), loaded once
  /// per process: the same name gives the same object. Null when the name is
  /// not a zone: empty, absolute, with an empty, `.` or `..` component or one
  /// starting with a dot, naming a file that is not a zone (`posix`, `right`,
  /// `posixrules`, `Factory`, `zone.tab`…: the names the date library's
  /// database leaves out), or a file that is missing or not TZif.
  static const Zone* find(std::string_view name);

  /// UTC, named `Etc/UTC`, built in: it needs no file.
  static const Zone& utc();

  /// Every zone name under the zoneinfo directory, sorted (for completion):
  /// the files whose names find() accepts (their contents are not read).
  static std::vector<std::string> names();

  /// The zoneinfo directory: `$TZDIR` when set and not empty, else
  /// `/usr/share/zoneinfo`.
  static std::string directory();

  /// Reads a zone from the bytes of a TZif file; throws std::runtime_error
  /// when they are not one. For tests: the functions of time.hpp keep the
  /// last zone's period by its address, so they want zones that live as long
  /// as the process, as find()'s do.
  Zone(std::string name, std::string_view tzif);
  ~Zone();
  Zone(const Zone&) = delete;
  Zone& operator=(const Zone&) = delete;

  const std::string& name() const { return name_; }

  /// The period that holds `t`.
  ZonePeriod period(date::sys_seconds t) const;
  std::chrono::seconds offset(date::sys_seconds t) const { return period(t).offset; }
  date::local_seconds to_local(date::sys_seconds t) const {
    return date::local_seconds{(t + offset(t)).time_since_epoch()};
  }

  /// What the local reading `lt` is (see LocalReading).
  LocalReading reading(date::local_seconds lt) const;
  /// `lt` in UTC: a reading that does not exist is the instant the clocks
  /// jumped over it (the end of the period before), as date::zoned_time does
  /// with either choice; one that exists twice is resolved by `choice`.
  date::sys_seconds to_sys(date::local_seconds lt, Choose choice = Choose::earliest) const;

 private:
  struct Rule;
  std::string name_;
  std::vector<std::int64_t> times_;      ///< transitions, UTC seconds, increasing
  std::vector<std::uint8_t> types_;      ///< the type in force from each transition
  std::vector<std::int32_t> offsets_;    ///< per type
  std::vector<std::uint8_t> dst_;        ///< per type
  std::vector<std::uint32_t> abbrevs_;   ///< per type: index into chars_
  std::string chars_;
  std::uint8_t first_type_ = 0;          ///< in force before the first transition
  std::unique_ptr<Rule> rule_;           ///< the footer: after the last transition

  ZonePeriod type_period(std::size_t type, std::int64_t begin, std::int64_t end) const;
  ZonePeriod rule_period(std::int64_t t) const;
};

}  // namespace sd
