#include "indexer/pipeline.h"

#include <xapian.h>
#include <xxhash.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <thread>
#include <unordered_map>

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

// Files are read and analysed in batches of this many, so memory stays bounded whatever the
// corpus size, while the writer adds the previous batch's documents.
constexpr std::size_t kBatchFiles = 256;
// How long a rebuilt index keeps the old database after switching to the new one.
constexpr std::chrono::milliseconds kOldDatabaseGrace{500};
// Documents written between commits.
constexpr std::size_t kCommitEvery = 5000;

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

// One file, read and analysed on a worker.
struct Prepared {
  std::vector<std::pair<std::string, Xapian::Document>> docs;  // id term, document
  std::vector<std::string> ids;
  std::vector<std::string> hashes;
  std::string error;
  std::vector<std::string> warnings;
};

Prepared prepare(const CorpusFile& file, const IndexOptions& options,
                 Xapian::TermGenerator& termgen) {
  AnalysedFile analysed = analyse_file(file, options.max_file_bytes);
  Prepared out;
  out.error = std::move(analysed.error);
  out.warnings = std::move(analysed.warnings);
  for (auto& [article, entities] : analysed.articles) {
    out.hashes.push_back(hex64(article_hash(article)));
    out.ids.push_back(article.id);
    out.docs.emplace_back(schema::id_term(article.id),
                          to_document(article, entities, out.hashes.back(), termgen));
  }
  return out;
}

// Candidates checked per band: enough for any real cluster of syndicated copies.
constexpr int kMaxCandidatesPerBand = 64;

std::string hex_key(std::string_view id) {
  return hex64(XXH3_64bits(id.data(), id.size()));
}

// The near-duplicate group of `doc`: the group of an indexed article that shares an LSH band
// with it and passes near_duplicates(), else a new group keyed by the article's own id. The
// article's earlier version (`id_term`) does not count.
std::string duplicate_group(Xapian::WritableDatabase& db, const Xapian::Document& doc,
                            const std::string& id_term, std::string_view id) {
  std::optional<Fingerprint> own = Fingerprint::parse(doc.get_value(schema::kSlotFingerprint));
  if (!own) return hex_key(id);
  Xapian::docid previous = 0;
  if (Xapian::PostingIterator p = db.postlist_begin(id_term); p != db.postlist_end(id_term)) {
    previous = *p;
  }
  for (const std::string& band : band_keys(*own)) {
    std::string term = std::string(schema::kNearDupBandPrefix) + band;
    int checked = 0;
    for (Xapian::PostingIterator p = db.postlist_begin(term);
         p != db.postlist_end(term) && checked < kMaxCandidatesPerBand; ++p, ++checked) {
      if (*p == previous) continue;
      Xapian::Document other = db.get_document(*p);
      std::optional<Fingerprint> theirs =
          Fingerprint::parse(other.get_value(schema::kSlotFingerprint));
      if (theirs && near_duplicates(*own, *theirs)) {
        return other.get_value(schema::kSlotDuplicateGroup);
      }
    }
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

// Removes the article `id` (through `writer`; without one, a dry run, only notes it).
void remove_article(const Xapian::Database& reader, Xapian::WritableDatabase* writer,
                    const std::string& id, RunRecord& record) {
  std::string term = schema::id_term(id);
  if (!reader.term_exists(term)) return;
  if (writer) writer->delete_document(term);
  ++record.removed;
  if (!writer) record.changes.push_back({"remove", id});
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

std::string root_key(const std::filesystem::path& root) {
  std::error_code ec;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(root, ec);
  return std::string(kFileKeyPrefix) + (ec ? root.string() : canonical.string()) + "|";
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

// --rebuild: a fresh database beside the live one, then the stub switched to it in one rename.
// The live database's write lock is held throughout, so no other indexer writes meanwhile.
RunRecord rebuild(const IndexOptions& options,
                  const std::function<void(const Progress&)>& on_progress) {
  std::error_code ec;
  if (std::filesystem::exists(options.index, ec) && !has_stub(options.index)) {
    throw IndexError("the index at " + options.index.string() +
                     " is a single database that cannot be switched atomically: move it "
                     "aside and index the corpus again (later --rebuild runs will switch)");
  }
  // The guard only holds the lock: the live database may be of an older schema, which is
  // what a rebuild is for.
  Xapian::WritableDatabase guard =
      has_stub(options.index) ? Xapian::WritableDatabase(options.index.string(), Xapian::DB_OPEN)
                              : open_for_writing(options.index);
  std::filesystem::path old_live = live_database(options.index);
  std::filesystem::path fresh = next_database(options.index);
  IndexOptions o = options;
  o.rebuild = false;
  o.index = fresh;
  o.plain = true;
  RunRecord record;
  try {
    record = run_indexing(o, on_progress);
  } catch (...) {
    std::filesystem::remove_all(fresh, ec);  // the live index stays as it was
    throw;
  }
  switch_live_database(options.index, fresh);
  guard.close();
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
  auto t0 = std::chrono::steady_clock::now();
  RunRecord record;
  record.started = utc_now();

  // A dry run reads the index and writes nothing; without an index everything is new.
  std::optional<Xapian::WritableDatabase> writable;
  Xapian::Database db;
  if (options.dry_run) {
    std::error_code ec;
    if (std::filesystem::exists(options.index, ec)) db = open_for_search(options.index);
  } else {
    writable = open_for_writing(options.index, options.plain);
    db = *writable;
    add_gazetteer_spellings(*writable);
  }
  Xapian::WritableDatabase* writer = writable ? &*writable : nullptr;
  Spellings spellings;

  // Files to read: new ones, and those whose size or time changed. Files unchanged since the
  // last run are not read; records of files that are gone are collected to remove.
  std::vector<CorpusFile> files;
  std::vector<std::string> file_keys;
  std::map<std::string, FileRecord> known;  // file key -> record, for files read this run
  std::vector<std::pair<std::string, FileRecord>> vanished;
  for (const auto& root : options.roots) {
    ScanResult scan = scan_corpus(root);
    record.skipped += scan.unsupported;
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
      std::string key = prefix + f.rel;
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

  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::vector<Xapian::TermGenerator> termgens;
  for (unsigned j = 0; j < jobs; ++j)
    termgens.push_back(make_term_generator());

  Progress progress{0, files.size()};
  std::size_t since_commit = 0;
  for (std::size_t start = 0; start < files.size(); start += kBatchFiles) {
    std::size_t end = std::min(files.size(), start + kBatchFiles);
    std::vector<Prepared> batch(end - start);
    // Workers take every jobs-th file of the batch; each owns its TermGenerator.
    std::vector<std::thread> workers;
    for (unsigned j = 0; j < jobs && j < batch.size(); ++j) {
      workers.emplace_back([&, j] {
        for (std::size_t i = j; i < batch.size(); i += jobs) {
          batch[i] = prepare(files[start + i], options, termgens[j]);
        }
      });
    }
    for (std::thread& w : workers)
      w.join();

    for (std::size_t i = 0; i < batch.size(); ++i) {
      Prepared& p = batch[i];
      const CorpusFile& file = files[start + i];
      for (const std::string& w : p.warnings)
        record.warnings.push_back({file.path.string(), w});
      if (!p.error.empty()) {
        ++record.failed;
        record.failures.push_back({file.path.string(), p.error});
        continue;
      }
      // Records that the file no longer holds leave the index with it.
      const std::string& key = file_keys[start + i];
      if (auto it = known.find(key); it != known.end()) {
        for (const std::string& id : it->second.ids) {
          if (std::find(p.ids.begin(), p.ids.end(), id) == p.ids.end()) {
            remove_article(db, writer, id, record);
          }
        }
      }
      for (std::size_t d = 0; d < p.docs.size(); ++d) {
        const std::string& term = p.docs[d].first;
        Xapian::PostingIterator existing = db.postlist_begin(term);
        if (existing != db.postlist_end(term)) {
          if (db.get_document(*existing).get_value(schema::kSlotContentHash) == p.hashes[d]) {
            ++record.unchanged;
            continue;
          }
          ++record.updated;
          if (!writer) record.changes.push_back({"update", p.ids[d]});
        } else {
          ++record.added;
          if (!writer) record.changes.push_back({"add", p.ids[d]});
        }
        if (!writer) continue;
        Xapian::Document& doc = p.docs[d].second;
        doc.add_value(schema::kSlotDuplicateGroup, duplicate_group(*writer, doc, term, p.ids[d]));
        writer->replace_document(term, doc);
        spellings.add(doc);
        if (++since_commit >= kCommitEvery) {
          spellings.flush(*writer);
          writer->commit();
          since_commit = 0;
        }
      }
      // Only once all its articles are written: a run cut short reads the file again.
      if (writer) writer->set_metadata(key, file_record_json(file, p.ids));
    }
    progress.files_done = end;
    if (on_progress) on_progress(progress);
  }

  // Files that are gone take their articles with them.
  for (const auto& [key, gone] : vanished) {
    for (const std::string& id : gone.ids)
      remove_article(db, writer, id, record);
    if (writer) writer->set_metadata(key, "");
  }

  record.finished = utc_now();
  record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (writer) {
    spellings.flush(*writer);
    writer->set_metadata(std::string(schema::kMetaLastRun), record.to_json().dump());
    writer->commit();
  }
  return record;
}

}  // namespace parley
