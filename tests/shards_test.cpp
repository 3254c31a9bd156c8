// Shards through the built programs: --shards N, reindexing and --rebuild with shards, and the
// same answers from one database, N local shards and N shards behind xapian-tcpsrv.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include <xapian.h>

#include "common/database.h"
#include "common/schema.h"
#include "support.h"

using parley::test::hit_ids;
using parley::test::Run;
using parley::test::run;
using parley::test::search_json;
using parley::test::TempDir;
using parley::test::write_file;

namespace {

const std::string kIndexBin = PARLEY_INDEX_BIN;
const std::string kSearchBin = PARLEY_SEARCH_BIN;

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A corpus with what the answers must agree on: dated articles (several on one day), copies of
// one wire story in several outlets, facets, the seeds, and a JSON Lines export.
void write_corpus(const std::filesystem::path& dir) {
  std::string wire;
  for (int i = 0; i < 12; ++i) {
    wire += "Russian shelling hit district " + std::to_string(i) + " of Kharkiv overnight and " +
            std::to_string(i * 3) + " homes burned, the governor said. ";
  }
  const char* outlets[] = {"BBC", "CNN", "Reuters", "Kyiv Post"};
  for (int i = 0; i < 4; ++i) {
    write_file(dir / ("wire-" + std::to_string(i) + ".md"),
               "---\ntitle: Kharkiv shelled overnight\ndate: 2022-03-0" +
                   std::to_string(2 + i % 2) + "\nsource: " + outlets[i] + "\n---\n" + wire);
  }
  std::string feed;
  for (int i = 0; i < 60; ++i) {
    std::string date = "2022-0" + std::to_string(3 + i % 4) + "-1" + std::to_string(i % 3);
    std::string text = "Negotiators from Russia and Ukraine met in Istanbul for round " +
                       std::to_string(i) + ". Zelensky said a ceasefire in Zaporizhzhia and " +
                       "Donetsk was discussed; Peskov said the Kremlin demanded neutrality. " +
                       std::string(i % 5 == 0 ? "Grain ships left Odesa. " : "") +
                       "Talks will resume, officials said.";
    feed += R"({"id":"t)" + std::to_string(i) + R"(","title":"Talks round )" + std::to_string(i) +
            R"(","date":")" + date + R"(","source":"Outlet )" + std::to_string(i % 3) +
            R"(","text":")" + text + "\"}\n";
  }
  write_file(dir / "feed.jsonl", feed);
  parley::test::copy_sample_corpus(dir);
}

// A free TCP port on the loopback interface (free when asked; the server takes it just after).
int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// A Xapian server (xapian-tcpsrv, xapian-replicate-server) on a loopback port, stopped by its
// pid. It runs in a process group of its own: on SIGTERM xapian-tcpsrv signals its whole group.
class LoopbackServer {
 public:
  LoopbackServer(const std::string& program, const std::vector<std::string>& extra)
      : port_(free_port()) {
    std::vector<std::string> argv = {program, "--interface", "127.0.0.1", "--port",
                                     std::to_string(port_)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    std::vector<char*> args = parley::test::arg_vector(argv);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::setpgid(0, 0);
      int null_fd = ::open("/dev/null", O_RDWR);
      ::dup2(null_fd, 0);
      ::dup2(null_fd, 1);
      ::dup2(null_fd, 2);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    for (int i = 0; i < 500 && !accepts(port_); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(accepts(port_));
  }
  ~LoopbackServer() { stop(); }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }

 private:
  int port_;
  int pid_ = -1;
};

// The parts of a --json answer that must agree between layouts. For --like (a query of 25
// words), a snippet may show another passage over shards; the hits, their order and scores,
// totals and counts agree.
nlohmann::json comparable(nlohmann::json j, bool snippets = true) {
  for (auto& h : j["hits"]) {
    h.erase("score");
    if (!snippets) {
      h.erase("snippet");
      h.erase("highlights");
    }
  }
  j.erase("missing_shards");
  return j;
}

// The hits' scores: equal up to the last bits (sums over shards are added in another order).
void check_scores(const nlohmann::json& a, const nlohmann::json& b) {
  REQUIRE(a["hits"].size() == b["hits"].size());
  for (std::size_t i = 0; i < a["hits"].size(); ++i) {
    CHECK(b["hits"][i]["score"].get<double>() ==
          Approx(a["hits"][i]["score"].get<double>()).epsilon(1e-12));
  }
}

const std::vector<std::vector<std::string>> kQueries = {
    {"ceasefire"},
    {"--match", "any", "Kharkiv", "grain", "talks"},
    {"\"round 12\""},
    {"\"homes burned\"", "--no-collapse"},
    {"talks", "--region", "Zaporozhye", "--party", "Kremlin"},
    {"istanbul", "--from", "2022-04", "--to", "2022-05-31"},
    {"--sort", "-date"},
    {"--sort", "date", "--limit", "30", "talks"},
    {"--sort", "-date", "--no-collapse", "shelling"},
    {"talks", "--timeline", "month"},
    {"kharkiv"},
    {"kharkiv", "--no-collapse"},
    {"negotiaters"},
    {"--like", "wire-0.md", "--no-collapse"},
    {"--like", "000_1ab1a1e8cfb25cf6.txt"},
    {"talks", "--offset", "5", "--limit", "7"},
    {"source:outlet-1", "zelensky"},
};

}  // namespace

TEST_CASE("shards: --shards 2 writes a stub listing the meta database and two shards", "[shards]") {
  TempDir dir;
  write_corpus(dir / "c");
  std::string index = (dir / "idx").string();
  Run r = run({kIndexBin, "-q", "--shards", "2", "--index", index, (dir / "c").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(read_text(dir / "idx/XAPIANDB") ==
        "auto db-1/meta\nauto db-1/shard-0\nauto db-1/shard-1\n");
  // Each article is in the shard its id hashes to; the meta database holds none.
  Xapian::Database meta((dir / "idx/db-1/meta").string());
  CHECK(meta.get_doccount() == 0);
  CHECK_FALSE(meta.get_metadata(std::string(parley::schema::kMetaLastRun)).empty());
  std::size_t total = 0;
  for (unsigned s = 0; s < 2; ++s) {
    Xapian::Database shard((dir / ("idx/db-1/shard-" + std::to_string(s))).string());
    CHECK(shard.get_doccount() > 10);
    total += shard.get_doccount();
    for (auto t = shard.allterms_begin("Q"); t != shard.allterms_end("Q"); ++t) {
      CHECK(parley::shard_of(std::string(*t).substr(1), 2) == s);
    }
  }
  CHECK(total == 69);
  Run status = run({kIndexBin, "--status", "--json", "--index", index});
  nlohmann::json j = nlohmann::json::parse(status.out);
  CHECK(j["shards"] == 2);
  CHECK(j["articles"] == 69);
  CHECK(j["last_run"]["added"] == 69);
}

TEST_CASE("shards: reindexing, removals, --dry-run, the lock and --rebuild work with shards",
          "[shards]") {
  TempDir dir;
  write_corpus(dir / "c");
  std::string index = (dir / "idx").string();
  std::string corpus = (dir / "c").string();
  REQUIRE(run({kIndexBin, "-q", "--shards", "3", "--index", index, corpus}).exit_code == 0);
  Run again = run({kIndexBin, "--index", index, corpus});
  CHECK(again.err.find(" 0 added, 0 updated, 69 unchanged, 0 removed") != std::string::npos);

  write_file(dir / "c/wire-1.md", "---\ntitle: Changed\ndate: 2022-03-03\n---\nNow in Lviv.\n");
  std::filesystem::remove(dir / "c/wire-2.md");
  Run dry = run({kIndexBin, "--dry-run", "--index", index, corpus});
  CHECK(dry.out == "update\twire-1.md\nremove\twire-2.md\n");
  Run changed = run({kIndexBin, "--index", index, corpus});
  INFO(changed.err);
  CHECK(changed.err.find(" 0 added, 1 updated, 67 unchanged, 1 removed") != std::string::npos);
  CHECK(hit_ids(search_json(index, {"lviv"})) == std::vector<std::string>{"wire-1.md"});
  CHECK(search_json(index, {"--no-collapse", "homes", "burned"})["total"] == 2);

  // The number of shards changes only with --rebuild.
  Run refused = run({kIndexBin, "--shards", "2", "--index", index, corpus});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("--rebuild --shards 2") != std::string::npos);

  // A second indexer meets the first at the lock.
  {
    Xapian::WritableDatabase held((dir / "idx/db-1/meta").string(), Xapian::DB_OPEN);
    CHECK(run({kIndexBin, "--index", index, corpus}).exit_code == 3);
  }

  Run rebuilt = run({kIndexBin, "-q", "--rebuild", "--shards", "2", "--index", index, corpus});
  INFO(rebuilt.err);
  CHECK(rebuilt.exit_code == 0);
  CHECK(read_text(dir / "idx/XAPIANDB") ==
        "auto db-2/meta\nauto db-2/shard-0\nauto db-2/shard-1\n");
  CHECK_FALSE(std::filesystem::exists(dir / "idx/db-1"));
  CHECK(search_json(index, {"--limit", "0", "--no-collapse"})["total"] == 68);
  Run after = run({kIndexBin, "--index", index, corpus});
  CHECK(after.err.find(" 0 added, 0 updated, 68 unchanged, 0 removed") != std::string::npos);
}

TEST_CASE("shards: one database, local shards and remote shards give the same answers",
          "[shards]") {
  TempDir dir;
  write_corpus(dir / "c");
  std::string corpus = (dir / "c").string();
  std::string one = (dir / "one").string();
  std::string sharded = (dir / "sharded").string();
  REQUIRE(run({kIndexBin, "-q", "--index", one, corpus}).exit_code == 0);
  REQUIRE(
      run({kIndexBin, "-q", "-j", "1", "--shards", "3", "--index", sharded, corpus}).exit_code ==
      0);

  // A search host: its own copy of the meta database, the shards behind xapian-tcpsrv.
  std::vector<std::unique_ptr<LoopbackServer>> servers;
  std::string stub = "auto meta\n";
  for (int s = 0; s < 3; ++s) {
    servers.push_back(std::make_unique<LoopbackServer>(
        "/usr/bin/xapian-tcpsrv",
        std::vector<std::string>{"--quiet",
                                 (dir / ("sharded/db-1/shard-" + std::to_string(s))).string()}));
    stub += "remote " + servers.back()->address() + "\n";
  }
  std::filesystem::create_directories(dir / "host");
  std::filesystem::copy(dir / "sharded/db-1/meta", dir / "host/meta",
                        std::filesystem::copy_options::recursive);
  write_file(dir / "host/XAPIANDB", stub);
  std::string host = (dir / "host").string();

  for (const std::vector<std::string>& q : kQueries) {
    std::string shown;
    for (const std::string& w : q)
      shown += w + " ";
    CAPTURE(shown);
    bool snippets = q[0] != "--like";
    nlohmann::json a = search_json(one, q, -1);
    nlohmann::json b = search_json(sharded, q, -1);
    nlohmann::json c = search_json(host, q, -1);
    CHECK((a["total"].get<int>() > 0 || !a["suggestion"].is_null()));
    check_scores(a, b);
    check_scores(a, c);
    CHECK(comparable(b, snippets).dump(1) == comparable(a, snippets).dump(1));
    CHECK(comparable(c, snippets).dump(1) == comparable(a, snippets).dump(1));
  }
  // The spelling suggestion and facet counts were part of it; make sure they were there.
  CHECK(search_json(host, {"negotiaters"}, 1)["suggestion"] == "negotiators");
  CHECK(!search_json(host, {"talks"})["facets"]["region"].empty());

  // Remote shards given on the command line instead of in the stub.
  std::filesystem::create_directories(dir / "host2");
  std::filesystem::copy(dir / "sharded/db-1/meta", dir / "host2",
                        std::filesystem::copy_options::recursive);
  std::vector<std::string> args = {"talks"};
  for (const auto& s : servers) {
    args.push_back("--remote");
    args.push_back(s->address());
  }
  CHECK(comparable(search_json((dir / "host2").string(), args)).dump(1) ==
        comparable(search_json(one, {"talks"})).dump(1));

  // A shard that is down: an error naming it, or with --allow-partial the others' answer.
  std::string down = servers[1]->address();
  servers[1]->stop();
  Run failed = run({kSearchBin, "--index", host, "talks"});
  CHECK(failed.exit_code == 2);
  CHECK(failed.err.find(down) != std::string::npos);
  CHECK(failed.err.find("--allow-partial") != std::string::npos);
  Run partial = run({kSearchBin, "--index", host, "--json", "--allow-partial", "talks"});
  CHECK(partial.exit_code == 0);
  CHECK(partial.err.find("warning: shard " + down) != std::string::npos);
  nlohmann::json pj = nlohmann::json::parse(partial.out);
  CHECK(pj["missing_shards"] == nlohmann::json::array({down}));
  CHECK(pj["total"].get<int>() > 0);
  CHECK(pj["articles"].get<int>() < search_json(one, {"talks"})["articles"].get<int>());
  CHECK(search_json(one, {"talks"})["missing_shards"] == nlohmann::json::array());
}

TEST_CASE("replicas: xapian-replicate keeps a search host's copy current with changesets",
          "[shards]") {
  TempDir dir;
  write_corpus(dir / "c");
  std::string corpus = (dir / "c").string();
  std::string index = (dir / "idx").string();
  REQUIRE(run({kIndexBin, "-q", "--changesets", "5", "--index", index, corpus}).exit_code == 0);
  // The live database, as the stub names it (a full build switches to a new one).
  std::string live = parley::live_database(index).filename().string();
  REQUIRE(read_text(dir / "idx/XAPIANDB") == "auto " + live + "\n");

  // The link "live" names the live database, so replicas keep one master name across rebuilds.
  REQUIRE(std::filesystem::read_symlink(dir / "idx" / parley::kLiveLink) == live);

  LoopbackServer master("/usr/bin/xapian-replicate-server", {index});
  std::string replica = (dir / "replica").string();
  auto replicate = [&] {
    return run({"/usr/bin/xapian-replicate", "--host", "127.0.0.1", "--port",
                std::to_string(master.port()), "--master", parley::kLiveLink, "--one-shot",
                "--verbose", replica});
  };
  Run first = replicate();
  INFO(first.out + first.err);
  REQUIRE(first.exit_code == 0);
  // The replica is a stub of its own, which parley-search opens like any index.
  for (const std::vector<std::string>& q : kQueries) {
    CAPTURE(q[0]);
    CHECK(comparable(search_json(replica, q, -1)).dump(1) ==
          comparable(search_json(index, q, -1)).dump(1));
  }

  // The nightly run adds an article; the next replication sends only the change.
  write_file(dir / "c/late.txt",
             "title: Grain corridor reopened\ndate: 2022-08-01\n\nShips left Odesa through the "
             "grain corridor agreed in Istanbul.\n");
  REQUIRE(run({kIndexBin, "-q", "--changesets", "5", "--index", index, corpus}).exit_code == 0);
  REQUIRE(parley::live_database(index).filename() == live);  // an update stays in place
  Run second = replicate();
  INFO(second.out + second.err);
  REQUIRE(second.exit_code == 0);
  CHECK((second.out + second.err).find("0 copies") != std::string::npos);
  CHECK(hit_ids(search_json(replica, {"corridor"})) == std::vector<std::string>{"late.txt"});
  CHECK(search_json(replica, {""})["total"] == search_json(index, {""})["total"]);

  // A rebuild switches to a new database; the same command fetches it whole.
  std::filesystem::remove(dir / "c/late.txt");
  REQUIRE(run({kIndexBin, "-q", "--rebuild", "--changesets", "5", "--index", index, corpus})
              .exit_code == 0);
  std::string rebuilt = parley::live_database(index).filename().string();
  REQUIRE(rebuilt != live);
  CHECK(std::filesystem::read_symlink(dir / "idx" / parley::kLiveLink) == rebuilt);
  Run third = replicate();
  INFO(third.out + third.err);
  REQUIRE(third.exit_code == 0);
  CHECK(search_json(replica, {"corridor"}, 1)["total"] == 0);
  for (const std::vector<std::string>& q : kQueries) {
    CAPTURE(q[0]);
    CHECK(comparable(search_json(replica, q, -1)).dump(1) ==
          comparable(search_json(index, q, -1)).dump(1));
  }
}
