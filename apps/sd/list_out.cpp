#include "list_out.hpp"

#include "supportdesk/error.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

namespace sd::cli {
namespace {
constexpr std::size_t kBlock = 1 << 16;
}

StdoutStream::StdoutStream(Context& ctx) {
  std::cout.flush();
  buf_ = ctx.out.str();
  buf_.reserve(kBlock);
  ctx.out.str("");
}

StdoutStream::~StdoutStream() {
  try {
    flush();
  } catch (...) {
  }
}

void StdoutStream::write(std::string_view text) {
  buf_.append(text);
  if (buf_.size() >= kBlock) flush();
}

void StdoutStream::flush() {
  const char* p = buf_.data();
  std::size_t left = buf_.size();
  while (left > 0) {
    ssize_t n = ::write(STDOUT_FILENO, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      buf_.clear();
      throw Error(Exit::io, std::string("stdout: ") + std::strerror(err));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  buf_.clear();
}

ListPrinter::ListPrinter(Context& ctx, std::vector<std::string> headers, std::vector<std::size_t> right)
    : json_(ctx.opts.json), lines_(ctx.opts.jsonl), out_(ctx) {
  if (!json_)
    table_.emplace(std::move(headers), std::move(right), [this](std::string_view line) { out_.write(line); },
                   ctx.output());
}

void ListPrinter::add(const Json& item) {
  if (lines_) {
    out_.write(json_text(item, -1));
    out_.write("\n");
    return;
  }
  // The array as print_json() prints it whole: `[`, each element indented
  // by two more blanks, `,` between them, `]`.
  text_ = json_text(item, 2);
  out_.write(count_++ ? ",\n  " : "[\n  ");
  std::size_t from = 0;
  for (std::size_t nl = text_.find('\n'); nl != std::string::npos; nl = text_.find('\n', from)) {
    out_.write(std::string_view(text_).substr(from, nl + 1 - from));
    out_.write("  ");
    from = nl + 1;
  }
  out_.write(std::string_view(text_).substr(from));
}

void ListPrinter::put_written() {
  if (lines_) {
    text_ += '\n';
  } else {
    out_.write(count_++ ? ",\n  " : "[\n  ");
  }
  out_.write(text_);
}

void ListPrinter::add(Row row) { table_->add(std::move(row)); }

void ListPrinter::finish() {
  if (table_) table_->finish();
  else if (!lines_) out_.write(count_ ? "\n]\n" : "[]\n");
  out_.flush();
}

}  // namespace sd::cli
