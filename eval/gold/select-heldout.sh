#!/usr/bin/env bash
# Choose the held-out gold articles reproducibly, from the texts alone (nothing here
# looks at what parley-index extracts).  Prints one line per article:
#   dataset <TAB> record <TAB> group <TAB> outlet <TAB> date <TAB> chars <TAB> score
#
#   eval/gold/select-heldout.sh [DATA_DIR] [GOLD...]
#
# Pool: records in none of the GOLD files (by default the development set,
# eval/gold/ukraine-media-gold.jsonl), 1,500-6,000 characters of text.  The second
# held-out set (ukraine-media-heldout2.jsonl) was chosen by passing both earlier sets:
#   eval/gold/select-heldout.sh ../shared/data eval/gold/ukraine-media-gold.jsonl \
#       eval/gold/ukraine-media-heldout.jsonl
# and the third (ukraine-media-heldout3.jsonl) past all three, with HELDOUT_MIN_GROUPS=4 (the
# least number of negotiation term groups, 5 by default), since too few articles with 5 were left;
# so were the fourth, fifth and sixth (ukraine-media-heldout6.jsonl: past every gold file and the
# seeds, eval/gold/*.jsonl ../shared/seed-gold.jsonl).  The eighth to thirteenth took texts of up to
# 9,000 characters (HELDOUT_MAX_CHARS, 6,000 by default) as the shorter ones ran out, and the
# fourteenth to seventeenth up to 12,000.  Ties are broken by the SHA-1 of the id (or link).
#
# ukraine-media, 30 articles:
#   16 negotiation: ranked by how many of the negotiation term groups below occur
#      (at least 5), at most 3 per outlet and 3 per month; the 2 best-ranked
#      articles from before 2022 are taken first so that the years are spread.
#   12 war reporting: no negotiation term at all, at least 3 of the war terms,
#      at most 2 per outlet and 1 per month, ranked by how many war terms occur.
#    2 off-topic: at most one mention of Ukraine, Russia, Putin, Kyiv/Kiev or the
#      Kremlin in title and text together, from two different outlets.
# press-releases, 6 articles: from each CSV 2 negotiation-rich ones (at least 3
#   groups, different months where the pool allows) and 1 of war reporting, by the
#   same rules.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=${1:-$here/../../../shared/data}
shift || true
[ $# -gt 0 ] || set -- "$here/ukraine-media-gold.jsonl"

jq -r '.record' "$@" > /tmp/heldout-dev-ids.$$
trap 'rm -f /tmp/heldout-dev-ids.$$' EXIT

MIN_GROUPS=${HELDOUT_MIN_GROUPS:-5} MAX_CHARS=${HELDOUT_MAX_CHARS:-6000} DEV=/tmp/heldout-dev-ids.$$ DATA="$data" perl -CSD -Mutf8 -MDigest::SHA=sha1_hex -MJSON::PP -e '
use strict; use warnings;
my %dev; open my $d, "<", $ENV{DEV} or die; while (<$d>) { chomp; $dev{$_} = 1 } close $d;

my @neg = (
  qr/\bdemand/i, qr/cease-?fire|\btruce\b/i, qr/peace talks/i, qr/\bneutral/i,
  qr/security guarantee/i, qr/sanctions? relief|lift(?:ing)? (?:the )?sanctions|sanctions (?:be|were|are) lifted|lifting of (?:the )?sanctions/i,
  qr/\bwithdraw/i, qr/referend/i, qr/prisoner (?:exchange|swap)|exchange of prisoners|swap of prisoners/i,
  qr/negotiat/i, qr/istanbul/i, qr/\bconditions?\b/i, qr/\bproposal/i, qr/reparation/i,
  qr/demilitari[sz]/i, qr/denazif/i, qr/\brecogni[sz]/i,
);
my @war = (qr/shelling|shelled/i, qr/\bmissiles?\b/i, qr/\bstrikes?\b/i, qr/\bsiege\b/i,
           qr/\bkilled\b/i, qr/\btroops\b/i, qr/\battack/i, qr/\bdrones?\b/i, qr/\bartillery\b/i);
my $core = qr/\bdemand|cease-?fire|\btruce\b|peace talks|\bneutral|security guarantee|negotiat|istanbul|referend|prisoner (?:exchange|swap)|\bwithdraw|sanction|\bproposal|reparation/i;
my $topic = qr/ukrain|russia|putin|\bkyiv|\bkiev|kremlin/i;

my $json = JSON::PP->new;
sub groups { my ($t, $re) = @_; scalar grep { $t =~ $_ } @$re }
sub mentions { my $t = shift; my $n = () = $t =~ /$topic/g; $n }

my (@negc, @warc, @offc);
open my $f, "<:raw", "$ENV{DATA}/ukraine-media/ukraine_media_2022.jsonl" or die;
while (my $line = <$f>) {
  my $j = $json->decode($line);
  my $id = $j->{id};
  next if $dev{$id};
  my %r = map { $_ => $j->{$_} // "" } qw(date source title text);
  my $len = length $r{text};
  next if $len < 1500 || $len > $ENV{MAX_CHARS};
  my $all = "$r{title}\n$r{text}";
  my $c = { ds => "ukraine-media", id => $id, out => $r{source}, date => $r{date}, len => $len,
            h => sha1_hex($id), month => substr($r{date}, 0, 7) };
  my $n = groups($all, \@neg);
  if ($n >= $ENV{MIN_GROUPS}) { push @negc, { %$c, score => $n } }
  elsif ($all !~ $core) {
    my $w = groups($all, \@war);
    push @warc, { %$c, score => $w } if $w >= 3;
  }
  push @offc, { %$c, score => mentions($all) } if mentions($all) <= 1;
}
close $f;

sub ranked { sort { $b->{score} <=> $a->{score} or $a->{h} cmp $b->{h} } @_ }
sub take {
  my ($want, $per_out, $per_month, $chosen, @c) = @_;
  my (%o, %m); for (@$chosen) { $o{$_->{out}}++; $m{$_->{month}}++ }
  my @got;
  for my $x (@c) {
    last if @got >= $want;
    next if grep { $_->{id} eq $x->{id} } @$chosen, @got;
    next if ($o{$x->{out}} // 0) >= $per_out || ($m{$x->{month}} // 0) >= $per_month;
    push @got, $x; $o{$x->{out}}++; $m{$x->{month}}++;
  }
  @got;
}
sub show { my $g = shift; printf "%s\t%s\t%s\t%s\t%s\t%d\t%d\n", $_->{ds}, $_->{id}, $g, $_->{out}, $_->{date}, $_->{len}, $_->{score} for @_ }

my @rn = ranked(@negc);
my @early = take(2, 3, 3, [], grep { $_->{date} lt "2022" } @rn);
my @n = (@early, take(16 - @early, 3, 3, \@early, @rn));
show("negotiation", @n);
show("war", take(12, 2, 1, [], ranked(@warc)));
show("off-topic", take(2, 1, 2, [], sort { $a->{h} cmp $b->{h} } @offc));

# press releases: a small RFC-4180 reader (quoted fields, doubled quotes, embedded newlines)
for my $ds (qw(putin zelenskyy)) {
  open my $p, "<", "$ENV{DATA}/press-releases/$ds.csv" or die; local $/; my $csv = <$p>; close $p;
  my (@rows, @row);
  while ($csv =~ /\G(?:"([^"]*(?:""[^"]*)*)"|([^,\r\n]*))(,|\r?\n|\z)/gc) {
    my ($q, $u, $sep) = ($1, $2, $3 // "");
    my $v = defined $q ? $q =~ s/""/"/gr : $u;
    push @row, $v;
    if ($sep ne ",") { push @rows, [@row]; @row = (); last if $sep eq "" }
  }
  my @head = @{ shift @rows };
  my (@pn, @pw);
  for my $r (@rows) {
    my %r; @r{@head} = @$r;
    next if !$r{link} || $dev{$r{link}};
    my $body = $r{body} // ""; my $len = length $body;
    next if $len < 1500 || $len > $ENV{MAX_CHARS};
    my $all = join "\n", map { $_ // "" } @r{qw(headline summary body)};
    my $c = { ds => $ds, id => $r{link}, out => $ds, date => substr($r{date}, 0, 10), len => $len,
              h => sha1_hex($r{link}), month => substr($r{date}, 0, 7) };
    my $n = groups($all, \@neg);
    if ($n >= 3) { push @pn, { %$c, score => $n } }
    elsif ($all !~ $core) { my $w = groups($all, \@war); push @pw, { %$c, score => $w } if $w >= 3 }
  }
  my @pick = take(2, 2, 1, [], ranked(@pn));
  push @pick, take(2 - @pick, 2, 2, \@pick, ranked(@pn));   # Kremlin: too few months
  show("negotiation", @pick);
  show("war", take(1, 1, 1, [], ranked(@pw)));
}
'
