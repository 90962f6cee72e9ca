#pragma once
/// libpq, loaded when sd first opens a PostgreSQL store, not when it starts.
///
/// Linked in, libpq brings its TLS, Kerberos and LDAP libraries into every
/// process, and their start-up (constructors, relocations) costs more than
/// a whole `sd request show` on a SQLite store. So the PostgreSQL store
/// calls libpq through this table, filled by dlopen and dlsym on first use;
/// a desk on SQLite never loads it. libpq-fe.h gives the types only.
#include <libpq-fe.h>

namespace sd::db::pg {

struct LibPq {
#define SD_LIBPQ_FUNCTIONS(X)                                                                    \
  X(PQconnectdb) X(PQstatus) X(PQerrorMessage) X(PQfinish) X(PQsetNoticeProcessor)                \
  X(PQtransactionStatus) X(PQexec) X(PQexecParams) X(PQresultStatus) X(PQresultErrorMessage)      \
  X(PQresultErrorField) X(PQntuples) X(PQgetvalue) X(PQgetlength) X(PQgetisnull) X(PQfname)       \
  X(PQftable) X(PQftablecol) X(PQcmdTuples) X(PQclear) X(PQescapeIdentifier) X(PQfreemem)         \
  X(PQunescapeBytea)
#define SD_LIBPQ_MEMBER(name) decltype(&::name) name = nullptr;
  SD_LIBPQ_FUNCTIONS(SD_LIBPQ_MEMBER)
#undef SD_LIBPQ_MEMBER
};

/// The loaded library; the first call loads it (thread-safe). Throws
/// sd::Error (Exit::config) naming the library when it cannot be
/// loaded or lacks a function.
const LibPq& libpq();

}  // namespace sd::db::pg
