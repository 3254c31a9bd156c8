#include "indexer/pipeline.h"

#include <xapian.h>
#include <xxhash.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "common/analyse.h"
#include "common/analysis_data.h"
#include "common/database.h"
#include "common/document.h"
#include "common/gazetteer.h"
#include "common/neardup.h"
#include "common/schema.h"
#include "common/tokens.h"

namespace parley::embedded {
const std::vector<std::string_view>& all();
}  // namespace parley::embedded

namespace parley {

namespace {

// How long a rebuilt index keeps the old database after switching to the new one.
constexpr std::chrono::milliseconds kOldDatabaseGrace{500};
// Most parts a full build of one database is written in (one writer thread each).
constexpr unsigned kMaxBuildParts = 8;

unsigned worker_count(const IndexOptions& options) {
  return options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
}
// A record file is read in blocks of this size and analysed in chunks of about this many bytes
// of records: small enough that the workers share a big export evenly, large enough that a
// chunk is worth handing over.
constexpr std::size_t kBlockBytes = 1 << 20;
constexpr std::size_t kChunkBytes = 256 << 10;
// Units (files or chunks) read but not yet written, per worker: the bound on what waits in
// memory between the reader, the workers and the writers.
constexpr std::size_t kUnitsPerWorker = 4;
// Files between progress reports.
constexpr std::size_t kProgressEvery = 64;

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// Identifies an article's content and the analysis that read it: a record of a JSON Lines or
// CSV file changes only when the record itself does.
std::uint64_t article_hash(const Article& a) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset_withSeed(state, analysis_fingerprint());
  for (const std::string* field :
       {&a.id, &a.title, &a.date, &a.source, &a.url, &a.author, &a.body, &a.format}) {
    XXH3_64bits_update(state, field->data(), field->size());
    XXH3_64bits_update(state, "\0", 1);
  }
  for (const std::string& c : a.credits)
    XXH3_64bits_update(state, c.data(), c.size());
  std::uint64_t h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return h;
}

// One piece of a run's reading: a whole file, a chunk of a record file's records, or the end
// of a record file (after its last chunk).
struct Unit {
  enum class Kind { kWhole, kChunk, kEnd };
  Kind kind = Kind::kWhole;
  std::size_t seq = 0;   // the order units are written in, whatever the threads' timing
  std::size_t file = 0;  // in the run's list of files to read
  std::string bytes;     // kWhole: the file's bytes
  RecordChunk chunk;     // kChunk
  std::string error;     // the file could not be read
};

// An article analysed on a worker, ready to write.
struct PreparedDoc {
  std::string id, term, hash;
  Xapian::Document doc;
  std::size_t bytes = 0;  // estimated size in the index
};

// A unit read and analysed on a worker.
struct Prepared {
  std::size_t file = 0;
  bool last = true;  // the file's last unit
  std::vector<PreparedDoc> docs;
  std::string error;
  std::vector<std::string> warnings;
  std::size_t skipped = 0;  // records that held no article
};

// About what a document adds to the index before a commit: its data and values, each term,
// each position.
std::size_t estimated_bytes(const Xapian::Document& doc) {
  std::size_t n = doc.get_data().size() + 64;
  for (Xapian::ValueIterator v = doc.values_begin(); v != doc.values_end(); ++v)
    n += (*v).size() + 8;
  for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    n += (*t).size() + 24 + 4 * t.get_wdf();
  return n;
}

Prepared prepare(const CorpusFile& file, Unit& unit, Xapian::TermGenerator& termgen) {
  Prepared out;
  out.file = unit.file;
  out.last = unit.kind != Unit::Kind::kChunk;
  out.error = std::move(unit.error);
  if (!out.error.empty() || unit.kind == Unit::Kind::kEnd) return out;
  ReadResult read = unit.kind == Unit::Kind::kChunk
                        ? read_record_chunk(file.rel, unit.chunk)
                        : read_articles(file.rel, file.format, unit.bytes);
  out.warnings = std::move(read.warnings);
  out.skipped = read.skipped;
  if (!read.error.empty()) {
    out.error = std::move(read.error);
    return out;
  }
  for (Article& article : read.articles) {
    Entities entities = analyse(article);
    PreparedDoc d;
    d.hash = hex64(article_hash(article));
    d.id = article.id;
    d.term = schema::id_term(article.id);
    d.doc = to_document(article, entities, d.hash, termgen);
    d.bytes = estimated_bytes(d.doc);
    out.docs.push_back(std::move(d));
  }
  return out;
}

// Hands units from the reading thread to the workers and their results to the writing thread
// in the order they were read, with at most `capacity` units between the two ends.
class Channel {
 public:
  explicit Channel(std::size_t capacity) : capacity_(capacity) {}

  // Reading side: waits for room, numbers the unit and queues it. False once stopped.
  bool push(Unit unit) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return stopped_ || in_flight_ < capacity_; });
    if (stopped_) return false;
    unit.seq = read_++;
    ++in_flight_;
    work_.push_back(std::move(unit));
    work_ready_.notify_one();
    return true;
  }
  void done_reading() {
    std::lock_guard lock(mutex_);
    reading_ = false;
    work_ready_.notify_all();
    result_ready_.notify_all();
  }

  // Workers: the next unit to analyse, or nullopt when there is none left.
  std::optional<Unit> take() {
    std::unique_lock lock(mutex_);
    work_ready_.wait(lock, [&] { return stopped_ || !work_.empty() || !reading_; });
    if (stopped_ || work_.empty()) return std::nullopt;
    Unit unit = std::move(work_.front());
    work_.pop_front();
    return unit;
  }
  void deliver(std::size_t seq, Prepared prepared) {
    std::lock_guard lock(mutex_);
    results_.emplace(seq, std::move(prepared));
    result_ready_.notify_all();
  }

  // Writing side: the next result in reading order, or nullopt after the last.
  std::optional<Prepared> next() {
    std::unique_lock lock(mutex_);
    result_ready_.wait(lock, [&] {
      return stopped_ || results_.count(written_) || (!reading_ && written_ == read_);
    });
    auto it = results_.find(written_);
    if (stopped_ || it == results_.end()) return std::nullopt;
    Prepared p = std::move(it->second);
    results_.erase(it);
    ++written_;
    --in_flight_;
    room_.notify_one();
    return p;
  }

  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    room_.notify_all();
    work_ready_.notify_all();
    result_ready_.notify_all();
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable room_, work_ready_, result_ready_;
  std::deque<Unit> work_;
  std::map<std::size_t, Prepared> results_;
  std::size_t read_ = 0, written_ = 0, in_flight_ = 0;
  bool reading_ = true, stopped_ = false;
};

// Reads the files into units: one-article files whole, record files in chunks of records.
void read_units(const std::vector<CorpusFile>& files, std::uintmax_t max_bytes, Channel& channel) {
  for (std::size_t i = 0; i < files.size(); ++i) {
    const CorpusFile& file = files[i];
    if (file.format != Format::kJsonLines && file.format != Format::kCsv) {
      Unit unit;
      unit.file = i;
      read_file(file.path, max_bytes, unit.bytes, unit.error);
      if (!channel.push(std::move(unit))) return;
      continue;
    }
    Unit end;
    end.kind = Unit::Kind::kEnd;
    end.file = i;
    std::ifstream in(file.path, std::ios::binary);
    if (!in) end.error = std::string("cannot open: ") + std::strerror(errno);
    RecordChunker chunker(file.format, kChunkBytes, static_cast<std::size_t>(max_bytes));
    std::string block(kBlockBytes, '\0');
    std::vector<RecordChunk> chunks;
    for (bool last = !in; !last && chunker.error().empty();) {
      in.read(block.data(), static_cast<std::streamsize>(block.size()));
      if (in.bad()) {
        end.error = std::string("cannot read: ") + std::strerror(errno);
        break;
      }
      last = in.eof();
      chunker.feed(std::string_view(block.data(), static_cast<std::size_t>(in.gcount())), last,
                   chunks);
      for (RecordChunk& chunk : chunks) {
        Unit unit;
        unit.kind = Unit::Kind::kChunk;
        unit.file = i;
        unit.chunk = std::move(chunk);
        if (!channel.push(std::move(unit))) return;
      }
      chunks.clear();
    }
    if (end.error.empty()) end.error = chunker.error();
    if (!channel.push(std::move(end))) return;
  }
}

// What a worker hands on for a unit it could not analyse: the file fails, its articles stay.
Prepared failed_unit(const Unit& unit, std::string error) {
  Prepared p;
  p.file = unit.file;
  p.last = unit.kind != Unit::Kind::kChunk;
  p.error = std::move(error);
  return p;
}

// The reading thread and the workers of a run; stopped and joined when it goes.
class Readers {
 public:
  Readers(const std::vector<CorpusFile>& files, std::uintmax_t max_bytes, unsigned jobs)
      : files_(files), channel_(kUnitsPerWorker * jobs + 2) {
    reader_ = std::thread([this, max_bytes] {
      read_units(files_, max_bytes, channel_);
      channel_.done_reading();
    });
    for (unsigned j = 0; j < jobs; ++j) {
      workers_.emplace_back([this] {
        Xapian::TermGenerator termgen = make_term_generator();
        while (std::optional<Unit> unit = channel_.take()) {
          std::size_t seq = unit->seq;
          Prepared p;
          try {
            p = prepare(files_[unit->file], *unit, termgen);
          } catch (const std::exception& e) {  // a bug, but one file's, not the run's
            p = failed_unit(*unit, std::string("cannot analyse: ") + e.what());
          } catch (const Xapian::Error& e) {  // not a std::exception
            p = failed_unit(*unit, "cannot analyse: " + e.get_description());
          }
          channel_.deliver(seq, std::move(p));
        }
      });
    }
  }
  ~Readers() {
    channel_.stop();
    reader_.join();
    for (std::thread& w : workers_)
      w.join();
  }
  std::optional<Prepared> next() { return channel_.next(); }

 private:
  const std::vector<CorpusFile>& files_;
  Channel channel_;
  std::thread reader_;
  std::vector<std::thread> workers_;
};

// Candidates checked per band: enough for any real cluster of syndicated copies.
constexpr int kMaxCandidatesPerBand = 64;

std::string hex_key(std::string_view id) {
  return hex64(XXH3_64bits(id.data(), id.size()));
}

// What the writers have been given since their last commit, which the run's snapshot of the
// index (opened at that commit) does not show yet.
struct Pending {
  std::unordered_map<std::string, std::string> hashes;  // id term -> content hash, "" removed
  std::unordered_set<Xapian::docid> stale;  // snapshot documents rewritten or removed since
  struct Written {
    std::string term;
    Fingerprint fingerprint;
    std::string group;
  };
  std::vector<Written> written;                                     // with a fingerprint
  std::unordered_map<std::string, std::vector<std::size_t>> bands;  // band term -> written
  std::size_t bytes = 0;                                            // estimated

  void clear() { *this = Pending{}; }
};

// The near-duplicate group of `doc`: the group of an indexed article that shares an LSH band
// with it and passes near_duplicates(), else a new group keyed by the article's own id. Bands
// are tried in order; within the first band with a match, the smallest group key wins, so the
// group does not depend on document ids (which differ between one database and shards). The
// article's earlier version (`previous` in the snapshot, `term` among the pending) does not
// count.
std::string duplicate_group(const Xapian::Database& snapshot, const Pending& pending,
                            const Xapian::Document& doc, Xapian::docid previous,
                            const std::string& term, std::string_view id) {
  std::optional<Fingerprint> own = Fingerprint::parse(doc.get_value(schema::kSlotFingerprint));
  if (!own) return hex_key(id);
  for (const std::string& band : band_keys(*own)) {
    std::string band_term = std::string(schema::kNearDupBandPrefix) + band;
    std::string best;
    auto consider = [&](const Fingerprint& theirs, const std::string& group) {
      if (near_duplicates(*own, theirs) && (best.empty() || group < best)) best = group;
    };
    int checked = 0;
    for (Xapian::PostingIterator p = snapshot.postlist_begin(band_term);
         p != snapshot.postlist_end(band_term) && checked < kMaxCandidatesPerBand; ++p, ++checked) {
      if (*p == previous || pending.stale.count(*p)) continue;
      Xapian::Document other = snapshot.get_document(*p);
      if (auto theirs = Fingerprint::parse(other.get_value(schema::kSlotFingerprint))) {
        consider(*theirs, other.get_value(schema::kSlotDuplicateGroup));
      }
    }
    if (auto it = pending.bands.find(band_term); it != pending.bands.end()) {
      for (std::size_t i : it->second) {
        const Pending::Written& w = pending.written[i];
        if (w.term != term) consider(w.fingerprint, w.group);
      }
    }
    if (!best.empty()) return best;
  }
  return hex_key(id);
}

// Words for "did you mean": the articles' plain words (no prefixed terms, numbers or
// possessives), so a misspelt query word can be corrected to one the index knows. Gathered
// per batch and written once per distinct word: adding them document by document doubled
// the indexing time.
class Spellings {
 public:
  void add(const Xapian::Document& doc) {
    for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      const std::string& term = *t;
      if (term.size() < 3 || term[0] < 'a' || term[0] > 'z') continue;
      if (term.find_first_of("0123456789'_") != std::string::npos) continue;
      pending_[term] += t.get_wdf();
    }
  }
  void flush(Xapian::WritableDatabase& db) {
    for (const auto& [word, count] : pending_)
      db.add_spelling(word, count);
    pending_.clear();
  }
  void merge(Spellings&& other) {
    if (pending_.empty()) {
      pending_ = std::move(other.pending_);
      return;
    }
    for (const auto& [word, count] : other.pending_)
      pending_[word] += count;
    other.pending_.clear();
  }

 private:
  std::unordered_map<std::string, Xapian::termcount> pending_;
};

// The gazetteer's names as spelling words too, so "Zaporozhe" gets "did you mean zaporozhye"
// even before an article spells it. Done once per gazetteer version.
void add_gazetteer_spellings(Xapian::WritableDatabase& db) {
  static constexpr std::string_view kKey = "parley.spelling_gazetteer";
  std::string_view gazetteer = analysis_data("gazetteer.tsv");
  std::string version = hex64(XXH3_64bits(gazetteer.data(), gazetteer.size()));
  if (db.get_metadata(std::string(kKey)) == version) return;
  for (const Entity& e : Gazetteer::builtin().entities()) {
    std::vector<std::string_view> names(e.aliases.begin(), e.aliases.end());
    names.push_back(e.display);
    for (std::string_view name : names) {
      for (const Token& token : tokenize(name)) {
        if (token.text.size() >= 3 && token.text.find_first_of("0123456789.") == std::string::npos)
          db.add_spelling(token.text, 1);
      }
    }
  }
  db.set_metadata(std::string(kKey), version);
}

// What the index knows of one corpus file, in the database's metadata under
// "parley.file:ROOT|REL": its size and modification time when last read, and the ids of the
// articles it gave. A file whose size and time are unchanged is not read again; a file that is
// gone has its articles removed.
constexpr std::string_view kFileKeyPrefix = "parley.file:";

struct FileRecord {
  std::uintmax_t size = 0;
  std::int64_t mtime_ns = 0;
  std::string analysis;  // analysis_fingerprint() when read: other data rereads the file
  std::vector<std::string> ids;
};

// Xapian refuses longer metadata keys; a longer root or path is keyed by its hash.
constexpr std::size_t kMaxKeyBytes = 255;
constexpr std::size_t kMaxRootKeyBytes = kMaxKeyBytes - 17;  // room for "#" and a hash

std::string root_key(const std::filesystem::path& root) {
  std::error_code ec;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(root, ec);
  std::string name = ec ? root.string() : canonical.string();
  if (kFileKeyPrefix.size() + name.size() + 1 > kMaxRootKeyBytes) name = "#" + hex_key(name);
  return std::string(kFileKeyPrefix) + name + "|";
}

std::string file_key(const std::string& prefix, const std::string& rel) {
  return prefix.size() + rel.size() <= kMaxKeyBytes ? prefix + rel : prefix + "#" + hex_key(rel);
}

std::optional<FileRecord> parse_file_record(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  FileRecord r;
  r.size = j.value("size", std::uintmax_t{0});
  r.mtime_ns = j.value("mtime_ns", std::int64_t{0});
  r.analysis = j.value("analysis", "");
  if (auto it = j.find("ids"); it != j.end() && it->is_array()) {
    for (const auto& id : *it)
      if (id.is_string()) r.ids.push_back(id.get<std::string>());
  }
  return r;
}

std::string file_record_json(const CorpusFile& file, const std::vector<std::string>& ids) {
  return nlohmann::json{{"size", file.size},
                        {"mtime_ns", file.mtime_ns},
                        {"analysis", hex64(analysis_fingerprint())},
                        {"ids", ids}}
      .dump();
}

}  // namespace

AnalysedFile analyse_file(const CorpusFile& file, std::uintmax_t max_bytes) {
  AnalysedFile out;
  std::string bytes;
  if (!read_file(file.path, max_bytes, bytes, out.error)) return out;
  ReadResult read = read_articles(file.rel, file.format, bytes);
  out.warnings = std::move(read.warnings);
  if (!read.error.empty()) {
    out.error = std::move(read.error);
    return out;
  }
  for (Article& article : read.articles) {
    Entities entities = analyse(article);
    out.articles.emplace_back(std::move(article), std::move(entities));
  }
  return out;
}

ScanResult scan_path(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return scan_corpus(path);
  std::string name = path.filename().string();
  std::optional<Format> format = format_for_path(name);
  if (!format) throw std::runtime_error(path.string() + ": not a format Parley reads");
  ScanResult result;
  result.files.push_back({path, name, *format, std::filesystem::file_size(path, ec), 0});
  return result;
}

std::uint64_t analysis_fingerprint() {
  static const std::uint64_t fingerprint = [] {
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    int version = schema::kSchemaVersion;
    XXH3_64bits_update(state, &version, sizeof version);
    for (std::string_view data : embedded::all())
      XXH3_64bits_update(state, data.data(), data.size());
    std::string overrides = analysis_data_overrides();  // --data
    XXH3_64bits_update(state, overrides.data(), overrides.size());
    std::uint64_t h = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    return h;
  }();
  return fingerprint;
}

nlohmann::json RunRecord::to_json() const {
  auto problems = [](const std::vector<FileProblem>& list) {
    nlohmann::json a = nlohmann::json::array();
    for (const FileProblem& p : list)
      a.push_back({{"path", p.path}, {"reason", p.reason}});
    return a;
  };
  return {{"started", started},
          {"finished", finished},
          {"seconds", seconds},
          {"files_seen", files_seen},
          {"added", added},
          {"updated", updated},
          {"unchanged", unchanged},
          {"removed", removed},
          {"skipped", skipped},
          {"failed", failed},
          {"failures", problems(failures)},
          {"warnings", problems(warnings)}};
}

namespace {

// One database's writer: a thread that owns its WritableDatabase and applies what it is given
// in order. Between commits its changes are held in a transaction, so Xapian never commits on
// its own (the run's snapshot, opened at the last commit, stays valid) and a run cut short
// leaves the last commit whole. The spelling words of the articles it writes go into its own
// database (`keeps_spellings`) or back to the caller at each commit, for the meta database.
class ShardWriter {
 public:
  ShardWriter(Xapian::WritableDatabase db, bool keeps_spellings)
      : db_(std::move(db)), keeps_spellings_(keeps_spellings), thread_([this] { run(); }) {}
  ~ShardWriter() {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
      ready_.notify_all();
    }
    thread_.join();
  }

  void replace(std::string term, Xapian::Document doc) {
    Op op{Op::kReplace};
    op.key = std::move(term);
    op.doc = std::move(doc);
    push(std::move(op));
  }
  void remove(std::string term) {
    Op op{Op::kRemove};
    op.key = std::move(term);
    push(std::move(op));
  }
  void set_metadata(std::string key, std::string value) {
    Op op{Op::kMetadata};
    op.key = std::move(key);
    op.value = std::move(value);
    push(std::move(op));
  }
  void add_spellings(Spellings words) {
    Op op{Op::kSpellings};
    op.words = std::move(words);
    push(std::move(op));
  }
  // Commits everything given so far. The future gives the spelling words this writer does not
  // keep, or throws what writing threw.
  std::future<Spellings> commit() {
    Op op{Op::kCommit};
    op.done = std::make_shared<std::promise<Spellings>>();
    std::future<Spellings> f = op.done->get_future();
    push(std::move(op));
    return f;
  }

 private:
  struct Op {
    enum Kind { kReplace, kRemove, kMetadata, kSpellings, kCommit } kind;
    explicit Op(Kind k) : kind(k) {}
    std::string key;  // id term or metadata key
    Xapian::Document doc;
    std::string value;
    Spellings words;
    std::shared_ptr<std::promise<Spellings>> done;
  };

  void push(Op op) {
    std::lock_guard lock(mutex_);
    ops_.push_back(std::move(op));
    ready_.notify_one();
  }

  void apply(Op& op, bool& in_transaction) {
    if (!in_transaction) {
      db_.begin_transaction(false);
      in_transaction = true;
    }
    switch (op.kind) {
      case Op::kReplace:
        db_.replace_document(op.key, op.doc);
        spellings_.add(op.doc);
        break;
      case Op::kRemove:
        db_.delete_document(op.key);
        break;
      case Op::kMetadata:
        db_.set_metadata(op.key, op.value);
        break;
      case Op::kSpellings:
        spellings_.merge(std::move(op.words));
        break;
      case Op::kCommit:
        break;
    }
  }

  void run() {
    bool in_transaction = false;
    std::exception_ptr error;
    for (;;) {
      Op op{Op::kCommit};
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return closing_ || !ops_.empty(); });
        if (closing_) return;  // uncommitted changes go with the transaction
        op = std::move(ops_.front());
        ops_.pop_front();
      }
      if (op.kind != Op::kCommit) {
        try {
          if (!error) apply(op, in_transaction);
        } catch (...) {
          error = std::current_exception();
        }
        continue;
      }
      try {
        if (error) std::rethrow_exception(error);
        Spellings handed_over;
        if (keeps_spellings_) {
          spellings_.flush(db_);
        } else {
          handed_over = std::move(spellings_);
          spellings_ = Spellings();
        }
        if (in_transaction) db_.commit_transaction();
        db_.commit();
        in_transaction = false;
        op.done->set_value(std::move(handed_over));
      } catch (...) {
        error = std::current_exception();
        op.done->set_exception(error);
      }
    }
  }

  Xapian::WritableDatabase db_;
  bool keeps_spellings_;
  Spellings spellings_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Op> ops_;
  bool closing_ = false;
  std::thread thread_;
};

// The writing side of a run: decides for each prepared article whether it is new, changed or
// unchanged, gives it its near-duplicate group, and hands it to its shard's writer; commits all
// shards when the pending documents pass the memory budget. Without writers (a dry run) it
// only counts and lists.
class Writing {
 public:
  // `meta` holds the metadata and spelling data; without one, writers[0] does.
  Writing(Xapian::Database snapshot, std::vector<std::unique_ptr<ShardWriter>> writers,
          std::unique_ptr<ShardWriter> meta, std::size_t commit_bytes, RunRecord& record)
      : snapshot_(std::move(snapshot)),
        writers_(std::move(writers)),
        meta_(std::move(meta)),
        commit_bytes_(commit_bytes),
        record_(record) {}

  bool dry() const { return writers_.empty(); }
  const Xapian::Database& snapshot() const { return snapshot_; }

  void write(PreparedDoc& d) {
    Xapian::docid previous = 0;
    std::optional<std::string> hash = current_hash(d.term, previous);
    if (hash) {
      if (*hash == d.hash) {
        ++record_.unchanged;
        return;
      }
      ++record_.updated;
      if (dry()) record_.changes.push_back({"update", d.id});
    } else {
      ++record_.added;
      if (dry()) record_.changes.push_back({"add", d.id});
    }
    if (dry()) {
      pending_.hashes[d.term] = d.hash;
      return;
    }
    std::string group = duplicate_group(snapshot_, pending_, d.doc, previous, d.term, d.id);
    set_duplicate_group(d.doc, group);
    if (auto fp = Fingerprint::parse(d.doc.get_value(schema::kSlotFingerprint))) {
      std::size_t at = pending_.written.size();
      pending_.written.push_back({d.term, *fp, group});
      for (const std::string& band : band_keys(*fp))
        pending_.bands[std::string(schema::kNearDupBandPrefix) + band].push_back(at);
    }
    if (previous) pending_.stale.insert(previous);
    pending_.hashes[d.term] = d.hash;
    pending_.bytes += d.bytes;
    writers_[shard_of(d.id, static_cast<unsigned>(writers_.size()))]->replace(d.term,
                                                                              std::move(d.doc));
    if (pending_.bytes >= commit_bytes_) commit();
  }

  // Removes the article `id` when the index holds it (a dry run only lists it).
  void remove(const std::string& id) {
    std::string term = schema::id_term(id);
    Xapian::docid previous = 0;
    if (!current_hash(term, previous)) return;
    ++record_.removed;
    if (previous) pending_.stale.insert(previous);
    pending_.hashes[term] = "";
    if (dry()) {
      record_.changes.push_back({"remove", id});
      return;
    }
    writers_[shard_of(id, static_cast<unsigned>(writers_.size()))]->remove(std::move(term));
  }

  void set_metadata(std::string key, std::string value) {
    if (!dry()) metadata_writer().set_metadata(std::move(key), std::move(value));
  }

  // Commits the shards, then the meta database that holds the file records: a run cut short
  // between the two reads those files again rather than trust records of articles not
  // committed.
  void commit() {
    if (dry()) return;
    std::vector<std::future<Spellings>> done;
    for (const auto& w : writers_)
      done.push_back(w->commit());
    if (meta_) {
      Spellings words;
      for (std::future<Spellings>& f : done)
        words.merge(f.get());
      meta_->add_spellings(std::move(words));
      meta_->commit().get();
    } else {
      for (std::future<Spellings>& f : done)
        f.get();
    }
    snapshot_.reopen();
    pending_.clear();
  }

 private:
  // The content hash the index holds for `term` now, or nullopt; `previous` is its document in
  // the snapshot when the snapshot still shows it.
  std::optional<std::string> current_hash(const std::string& term, Xapian::docid& previous) {
    if (auto it = pending_.hashes.find(term); it != pending_.hashes.end()) {
      if (it->second.empty()) return std::nullopt;
      return it->second;
    }
    Xapian::PostingIterator p = snapshot_.postlist_begin(term);
    if (p == snapshot_.postlist_end(term)) return std::nullopt;
    previous = *p;
    return snapshot_.get_document(*p).get_value(schema::kSlotContentHash);
  }

  ShardWriter& metadata_writer() { return meta_ ? *meta_ : *writers_[0]; }

  Xapian::Database snapshot_;
  std::vector<std::unique_ptr<ShardWriter>> writers_;
  std::unique_ptr<ShardWriter> meta_;
  std::size_t commit_bytes_;
  RunRecord& record_;
  Pending pending_;
};

// Holds the write lock of every shard of the index at `index` (for --rebuild, whose live
// database may be of an older schema).
std::vector<Xapian::WritableDatabase> lock_index(const std::filesystem::path& index) {
  std::vector<Xapian::WritableDatabase> locks;
  for (const std::filesystem::path& p : shard_paths(index))
    locks.emplace_back(p.string(), Xapian::DB_OPEN);
  return locks;
}

// --rebuild: a fresh database beside the live one, then the stub switched to it in one rename.
// The live database's write lock is held throughout, so no other indexer writes meanwhile.
RunRecord rebuild(const IndexOptions& options,
                  const std::function<void(const Progress&)>& on_progress) {
  std::error_code ec;
  if (!is_new_index(options.index) && !has_stub(options.index)) {
    throw IndexError("the index at " + options.index.string() +
                     " is a single database that cannot be switched atomically: move it "
                     "aside and index the corpus again (later --rebuild runs will switch)");
  }
  // The guard only holds the lock: the live database may be of an older schema, which is
  // what a rebuild is for.
  if (!has_stub(options.index)) open_for_writing(options.index).close();  // a new index
  std::vector<Xapian::WritableDatabase> guard = lock_index(options.index);
  std::filesystem::path old_live = live_database(options.index);
  // What a rebuild cut short left behind (db-K, db-K.parts): no other indexer can be writing
  // it while this one holds the lock.
  for (const auto& entry : std::filesystem::directory_iterator(options.index, ec)) {
    if (entry.path().filename().string().rfind("db-", 0) == 0 && entry.path() != old_live)
      std::filesystem::remove_all(entry.path(), ec);
  }
  std::filesystem::path fresh = next_database(options.index);
  IndexOptions o = options;
  o.rebuild = false;
  o.index = fresh;
  o.plain = true;
  if (o.shards == 0) o.shards = shard_count(options.index);
  // One database with one writer would leave the other cores waiting on it: it is written as
  // parts, a writer each, then merged (DESIGN.md, "Where indexing time goes").
  unsigned parts = std::min(worker_count(options), kMaxBuildParts);
  std::filesystem::path parts_folder = fresh.string() + ".parts";
  bool merge = o.shards == 1 && parts > 1;
  if (merge) {
    o.index = parts_folder;
    o.shards = parts;
  }
  RunRecord record;
  try {
    record = run_indexing(o, on_progress);
    if (merge) {
      merge_shards(parts_folder, fresh);
      std::filesystem::remove_all(parts_folder, ec);
    }
  } catch (...) {
    std::filesystem::remove_all(parts_folder, ec);
    std::filesystem::remove_all(fresh, ec);  // the live index stays as it was
    throw;
  }
  switch_live_database(options.index, fresh);
  for (Xapian::WritableDatabase& lock : guard)
    lock.close();
  // Searches that opened the old database just before the switch get a moment to finish;
  // one that loses it later opens the index again (parley-search retries).
  std::this_thread::sleep_for(kOldDatabaseGrace);
  std::filesystem::remove_all(old_live, ec);
  return record;
}

}  // namespace

RunRecord run_indexing(const IndexOptions& options,
                       const std::function<void(const Progress&)>& on_progress) {
  if (options.rebuild && !options.dry_run) return rebuild(options, on_progress);
  // The first run over a new index of one database is a full build, in parallel like a
  // rebuild's.
  if (!options.dry_run && !options.plain && options.shards <= 1 && worker_count(options) > 1 &&
      is_new_index(options.index)) {
    IndexOptions o = options;
    o.rebuild = true;
    o.shards = 1;
    return rebuild(o, on_progress);
  }
  auto t0 = std::chrono::steady_clock::now();
  RunRecord record;
  record.started = utc_now();

  // A dry run reads the index and writes nothing; without an index everything is new. A
  // writing run opens every shard for writing, and the snapshot over all of them that the
  // writing side reads (near-duplicates in every shard, what each article was).
  std::vector<std::unique_ptr<ShardWriter>> writers;
  std::unique_ptr<ShardWriter> meta;
  Xapian::Database snapshot;
  if (options.dry_run) {
    std::error_code ec;
    if (std::filesystem::exists(options.index, ec)) snapshot = open_for_search(options.index);
  } else {
    WritableShards opened = open_shards_for_writing(options.index, options.shards, options.plain);
    Xapian::WritableDatabase& first = opened.meta ? *opened.meta : opened.shards[0];
    add_gazetteer_spellings(first);
    first.commit();
    for (const std::filesystem::path& p : opened.paths)
      snapshot.add_database(Xapian::Database(p.string()));
    bool one = !opened.meta;
    for (Xapian::WritableDatabase& shard : opened.shards)
      writers.push_back(std::make_unique<ShardWriter>(std::move(shard), one));
    if (opened.meta) meta = std::make_unique<ShardWriter>(std::move(*opened.meta), true);
  }
  const Xapian::Database& db = snapshot;

  // Files to read: new ones, and those whose size or time changed. Files unchanged since the
  // last run are not read; records of files that are gone are collected to remove.
  std::vector<CorpusFile> files;
  std::vector<std::string> file_keys;
  std::map<std::string, FileRecord> known;  // file key -> record, for files read this run
  std::vector<std::pair<std::string, FileRecord>> vanished;
  for (const auto& root : options.roots) {
    ScanResult scan = scan_corpus(root, {options.follow_symlinks});
    record.skipped += scan.unsupported;
    for (FileProblem& w : scan.warnings)
      record.warnings.push_back(std::move(w));
    for (FileProblem& p : scan.problems) {
      ++record.failed;
      record.failures.push_back(std::move(p));
    }
    std::string prefix = root_key(root);
    std::map<std::string, FileRecord> recorded;
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
      if (auto r = parse_file_record(db.get_metadata(*it))) recorded[*it] = std::move(*r);
    }
    record.files_seen += scan.files.size();
    for (CorpusFile& f : scan.files) {
      std::string key = file_key(prefix, f.rel);
      auto it = recorded.find(key);
      if (it != recorded.end()) {
        FileRecord r = std::move(it->second);
        recorded.erase(it);
        if (r.size == f.size && r.mtime_ns == f.mtime_ns &&
            r.analysis == hex64(analysis_fingerprint())) {
          record.unchanged += r.ids.size();
          continue;
        }
        known[key] = std::move(r);
      }
      file_keys.push_back(std::move(key));
      files.push_back(std::move(f));
    }
    for (auto& [key, r] : recorded)
      vanished.emplace_back(key, std::move(r));
  }

  Writing writing(std::move(snapshot), std::move(writers), std::move(meta), options.commit_bytes,
                  record);
  unsigned jobs = worker_count(options);
  Progress progress{0, files.size()};
  {
    Readers readers(files, options.max_file_bytes, jobs);
    // What the current file has given so far (a record file comes in several units).
    std::vector<std::string> ids;
    std::size_t skipped = 0;
    std::string error;
    while (std::optional<Prepared> p = readers.next()) {
      const CorpusFile& file = files[p->file];
      for (const std::string& w : p->warnings)
        record.warnings.push_back({display_path(file.path), w});
      skipped += p->skipped;
      if (error.empty()) error = std::move(p->error);
      for (PreparedDoc& d : p->docs) {
        ids.push_back(d.id);
        writing.write(d);
      }
      if (!p->last) continue;
      if (error.empty() && ids.empty()) error = no_records_error(file.format, skipped);
      if (!error.empty()) {
        // What the index holds for the file stays; its record is not renewed.
        ++record.failed;
        record.failures.push_back({display_path(file.path), error});
      } else {
        // Records that the file no longer holds leave the index with it.
        const std::string& key = file_keys[p->file];
        if (auto it = known.find(key); it != known.end()) {
          std::unordered_set<std::string> now(ids.begin(), ids.end());
          for (const std::string& id : it->second.ids) {
            if (!now.count(id)) writing.remove(id);
          }
        }
        // Only once all its articles are written: a run cut short reads the file again.
        writing.set_metadata(key, file_record_json(file, ids));
      }
      ids.clear();
      skipped = 0;
      error.clear();
      ++progress.files_done;
      if (on_progress && (progress.files_done % kProgressEvery == 0 ||
                          progress.files_done == progress.files_total)) {
        on_progress(progress);
      }
    }
  }

  // Files that are gone take their articles with them.
  for (const auto& [key, gone] : vanished) {
    for (const std::string& id : gone.ids)
      writing.remove(id);
    writing.set_metadata(key, "");
  }

  record.finished = utc_now();
  record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  writing.set_metadata(std::string(schema::kMetaLastRun), record.to_json().dump());
  writing.commit();
  return record;
}

}  // namespace parley
