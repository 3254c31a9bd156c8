#!/usr/bin/perl
# ingest-stats.pl: the per-source numbers of eval/ingest-report, from one source's raw data and
# what `parley-index --inspect --text` made of it. Core perl only (JSON::PP).
#
#   ingest-stats.pl --name NAME --kind jsonl|csv|files --raw PATH --out INSPECT.jsonl
#                   --err STDERR.txt [--by FIELD] [--top N]
#
# --kind jsonl: PATH is a JSON Lines file; the raw text of a record is its text/body/content
#               field (plus its summary when the reader puts one in front of the text).
# --kind csv:   PATH is a CSV file with a header row (RFC 4180), same fields.
# --kind files: PATH is a folder of .txt files; the raw text is the file minus its first line
#               (the title) - the layout of the BBC collection.
# --by FIELD:   also break the numbers down by this raw field (e.g. source, for ukraine-media).
#
# Text lengths are in characters after collapsing each run of white space to one space, so
# that re-spacing is not counted as removed text. "removed" = 1 - cleaned / raw, over the
# articles that were read. "touched" = the share of articles that lost a line, a sentence or a
# phrase; the list of what was removed most often shows lines, and for one-line texts the
# pieces cut out of the line.
use strict;
use warnings;
use Getopt::Long;
use JSON::PP;
use File::Find;
use Encode ();

binmode STDOUT, ':encoding(UTF-8)';
my %o = (top => 8);
GetOptions(\%o, 'name=s', 'kind=s', 'raw=s', 'out=s', 'err=s', 'by=s', 'top=i') or exit 2;
my @TEXT = qw(text body content full_text article story);
my @SUMMARY = qw(summary description abstract lede);
my @ID = qw(id _id guid uuid article_id doc_id);
my @URL = qw(url link href permalink canonical_url);

sub norm {
  my ($s) = @_;
  $s = '' unless defined $s;
  $s =~ s/[\x00-\x08\x0b-\x1f\x7f]//g;
  $s =~ s/[\s\x{a0}]+/ /g;
  $s =~ s/\x{feff}//g;
  substr($s, 0, 1, '') if substr($s, 0, 1) eq ' ';
  chop $s if substr($s, -1) eq ' ';
  return $s;
}

# Reading JSON Lines: with jq when it is installed (much faster than JSON::PP), else JSON::PP.
# Either way each record becomes a hash of the named columns, or undef for a line that is not
# a JSON object.
my $have_jq = !$ENV{NO_JQ} && system('command -v jq > /dev/null 2>&1') == 0;
my %UNTSV = ('\\' => '\\', t => "\t", n => "\n", r => "\r");

sub jq_pick {    # the jq expression for the first non-empty string or number of these fields
  my @names = @_;
  my $list = join(',', map { "\"$_\"" } @names);
  return "(. as \$r | first([$list][] as \$n | \$r[\$n] | select(type == \"string\" or "
       . "type == \"number\") | tostring | select(length > 0)) // \"\")";
}

sub perl_pick {
  my ($r, @names) = @_;
  for my $n (@names) {
    my $v = $r->{$n};
    return "$v" if defined $v && !ref $v && "$v" ne '';
  }
  return '';
}

# for_each_json(PATH, [[COLUMN, [FIELD...]] or [COLUMN, 'flag:FIELD'|'count:FIELD'], ...],
#               CALLBACK): [FIELD...] is the first non-empty one of these string fields,
#               flag: 1 when FIELD is not null, count: the length of the array FIELD.
sub for_each_json {
  my ($path, $cols, $cb) = @_;
  if ($have_jq) {
    # jq reads whole JSON values, not -R lines (jq 1.6 splits long -R lines inside UTF-8
    # characters). A file jq cannot parse is read again with JSON::PP.
    my @exprs;
    for my $c (@$cols) {
      my ($name, $spec) = @$c;
      if (ref $spec) {
        push @exprs, jq_pick(@$spec);
      } elsif ($spec =~ /^flag:(.*)/) {
        push @exprs, "(if .\"$1\" == null then \"0\" else \"1\" end)";
      } elsif ($spec =~ /^count:(.*)/) {
        push @exprs, "((.\"$1\" // []) | length | tostring)";
      }
    }
    my $filter = 'if type == "object" then (["R", ' . join(', ', @exprs) . '] | @tsv) else "X" end';
    my @records;
    open(my $fh, '-|', 'jq', '-r', $filter, $path) or die "ingest-stats: jq: $!\n";
    while (my $line = <$fh>) {
      chomp $line;
      my @f = split /\t/, $line, -1;
      if (shift(@f) ne 'R') { push @records, undef; next; }
      my %r;
      for my $i (0 .. $#$cols) {
        my $v = $f[$i] // '';
        $v =~ s/\\([\\tnr])/$UNTSV{$1}/g;
        $r{$cols->[$i][0]} = Encode::decode('UTF-8', $v);
      }
      push @records, \%r;
    }
    if (close $fh) {
      $cb->($_) for @records;
      return;
    }
    warn "ingest-stats: jq could not parse $path; reading it with JSON::PP\n";
  }
  my $json = JSON::PP->new->utf8;
  open(my $fh, '<:raw', $path) or die "ingest-stats: $path: $!\n";
  while (my $line = <$fh>) {
    next unless $line =~ /\S/;
    my $j = eval { $json->decode($line) };
    if (ref $j ne 'HASH') { $cb->(undef); next; }
    my %r;
    for my $c (@$cols) {
      my ($name, $spec) = @$c;
      if (ref $spec) {
        $r{$name} = perl_pick($j, @$spec);
      } elsif ($spec =~ /^flag:(.*)/) {
        $r{$name} = defined $j->{$1} ? 1 : 0;
      } elsif ($spec =~ /^count:(.*)/) {
        $r{$name} = scalar @{$j->{$1} // []};
      }
    }
    $cb->(\%r);
  }
}

# Raw records: id => {text, by}.
my %raw;
my $raw_records = 0;
my $rel = $o{raw};
$rel =~ s{.*/}{};

# A record as hash of the reader's fields (id, url, text, summary, by).
sub add_record {
  my ($r) = @_;
  ++$raw_records;
  my $id = $r->{id} ne '' ? $r->{id} : $r->{url};
  $id =~ s/^\s+|\s+$//g;
  my $text = $r->{text};
  my $summary = $r->{summary};
  $summary =~ s/^\s+|\s+$//g;
  if ($summary ne '' && index($text, substr($summary, 0, 80)) < 0) {
    $text = "$summary\n\n$text";    # the reader puts a summary missing from the text in front
  }
  $raw{"$rel#$id"} = {text => $text, by => $r->{by} // ''};
}

my @RAW_COLS = ([id => \@ID], [url => \@URL], [text => \@TEXT], [summary => \@SUMMARY],
                [by => [$o{by} // 'source']]);

if ($o{kind} eq 'jsonl') {
  for_each_json($o{raw}, \@RAW_COLS, sub {
    if ($_[0]) { add_record($_[0]) } else { ++$raw_records }
  });
} elsif ($o{kind} eq 'csv') {
  open(my $fh, '<:raw', $o{raw}) or die "ingest-stats: $o{raw}: $!\n";
  my $bytes = do { local $/; <$fh> };
  $bytes =~ s/^\xEF\xBB\xBF//;
  $bytes = Encode::decode("UTF-8", $bytes);
  my (@rows, @row);
  pos($bytes) = 0;
  while (pos($bytes) < length $bytes) {
    my $start = pos($bytes);
    my $field;
    if ($bytes =~ /\G"([^"]*(?:""[^"]*)*)"/gc) {
      ($field = $1) =~ s/""/"/g;
    } else {
      $bytes =~ /\G([^,\r\n]*)/gc;
      $field = $1;
    }
    push @row, $field;
    if ($bytes =~ /\G,/gc) {
      next;
    } elsif ($bytes =~ /\G\r?\n/gc || pos($bytes) >= length $bytes) {
      push @rows, [@row];
      @row = ();
    } else {
      $bytes =~ /\G[^,\r\n]*/gc;    # junk after a closing quote: keep going
      pos($bytes) = $start + 1 if pos($bytes) == $start;    # a lone CR: never stall
    }
  }
  my $header = shift @rows;
  for my $row (@rows) {
    next if @$row == 1 && $row->[0] =~ /^\s*$/;
    my %r;
    @r{map { lc } @$header} = @$row;
    add_record({map { ($_->[0] => perl_pick(\%r, @{$_->[1]})) } @RAW_COLS});
  }
} elsif ($o{kind} eq 'files') {
  find({no_chdir => 1, wanted => sub {
    return unless -f $_ && /\.(txt|text)$/i;
    my $path = $File::Find::name;
    (my $id = $path) =~ s{^\Q$o{raw}\E/?}{};
    open(my $fh, '<:raw', $path) or return;
    my $bytes = do { local $/; <$fh> };
    $bytes = Encode::decode("UTF-8", $bytes);
    $bytes =~ s/^\s*[^\n]*\n?//;    # the title line
    ++$raw_records;
    $raw{$id} = {text => $bytes, by => ''};
  }}, $o{raw});
} else {
  die "ingest-stats: --kind must be jsonl, csv or files\n";
}

# Failures and warnings from stderr: "parley-index: PATH: REASON".
my (%fail, %warn);
my $failed_files = 0;
if (open(my $fh, '<:encoding(UTF-8)', $o{err})) {
  while (my $line = <$fh>) {
    chomp $line;
    next unless $line =~ /^parley-index: (.*?): (.*)$/;
    my $why = $2;
    $why =~ s/\b(line|row) \d+/$1 N/;
    if ($why =~ /^warning: /) {
      if ($why =~ /\(skipped\)$/) {
        $why =~ s/^warning: //;
        $fail{$why}++;
      } else {
        $warn{$why}++;
      }
    } else {
      $fail{"file: $why"}++;
      ++$failed_files;
    }
  }
}

# The pieces of `raw` that are missing from `clean`, when clean is raw with pieces cut out
# (both white-space collapsed): a greedy alignment that resynchronises on the next 30
# characters of the clean text. Pieces are cut to 150 characters for the list.
sub cut_spans {
  my ($raw, $clean) = @_;
  my @spans;
  my ($i, $j) = (0, 0);
  my ($nr, $nc) = (length $raw, length $clean);
  while ($j < $nc && $i < $nr) {
    if (substr($raw, $i, 1) eq substr($clean, $j, 1)) {
      ++$i;
      ++$j;
      next;
    }
    my $p = index($raw, substr($clean, $j, 30), $i);
    if ($p < 0) {    # not a cut: the rest differs
      push @spans, substr($raw, $i);
      return map { norm(substr($_, 0, 150)) } @spans;
    }
    push @spans, substr($raw, $i, $p - $i);
    $i = $p;
  }
  push @spans, substr($raw, $i) if $i < $nr;
  return grep { $_ ne '' } map { norm(substr($_, 0, 150)) } @spans;
}

# The articles read.
my (%g, %dropped);
my $all = {};
for_each_json($o{out}, [[id => ['id']], [title => ['title']], [has_title => 'flag:title'],
                       [has_date => 'flag:date'], [has_source => 'flag:source'],
                       [agency => 'count:agency'], [text => ['text']]], sub {
  my ($a) = @_;
  return unless $a;
  my $r = $raw{$a->{id}};
  my @groups = ($all);
  if ($o{by}) {
    my $key = $r ? ($r->{by} || '(none)') : '(not matched)';
    push @groups, ($g{$key} //= {});
  }
  my $clean = norm($a->{text});
  my $rawtext = $r ? norm($r->{text}) : undef;
  my $touched = 0;
  if ($r) {
    # The headline line that became the title is not removed text.
    my $title = $a->{has_title} ? norm($a->{title}) : '';
    if ($title ne '' && index($r->{text}, "\n") >= 0) {
      my @lines = split /\n/, $r->{text};
      my ($at) = grep { norm($lines[$_]) eq $title } 0 .. $#lines;
      if (defined $at) {
        splice @lines, $at, 1;
        $rawtext = norm(join("\n", @lines));
      }
    }
    if ($rawtext ne '' && $rawtext ne $clean) {    # lines, sentences or phrases cut out
      $dropped{$_}++ for cut_spans($rawtext, $clean);
      $touched = 1;
    }
  }
  for my $s (@groups) {
    $s->{read}++;
    $s->{dated}++ if $a->{has_date};
    $s->{sourced}++ if $a->{has_source};
    $s->{agency}++ if $a->{agency};
    $s->{notitle}++ unless $a->{has_title};
    if (defined $rawtext) {
      $s->{matched}++;
      $s->{raw_chars} += length $rawtext;
      $s->{clean_chars} += length $clean;
      $s->{touched}++ if $touched;
    }
  }
});

sub pct {
  my ($n, $d) = @_;
  $n //= 0;
  return 'n/a' unless $d;
  return sprintf('%.1f%%', 100 * $n / $d);
}

sub removed {
  my ($s) = @_;
  return 'n/a' unless $s->{raw_chars};
  return sprintf('%.3f%%', 100 * (1 - $s->{clean_chars} / $s->{raw_chars}));
}

my $failed = 0;
$failed += $_ for values %fail;
print "== $o{name}  ($o{raw})\n";
printf "  records/files in the raw data: %d\n", $raw_records;
printf "  articles read:                 %d\n", $all->{read} // 0;
printf "  failed:                        %d\n", $failed;
for my $why (sort { $fail{$b} <=> $fail{$a} || $a cmp $b } keys %fail) {
  printf "    %6d  %s\n", $fail{$why}, $why;
}
for my $why (sort { $warn{$b} <=> $warn{$a} || $a cmp $b } keys %warn) {
  printf "  warning %6d  %s\n", $warn{$why}, $why;
}
printf "  with a date:                   %s\n", pct($all->{dated}, $all->{read});
printf "  with a source:                 %s\n", pct($all->{sourced}, $all->{read});
printf "  with an agency credit:         %s\n", pct($all->{agency}, $all->{read});
printf "  without a title:               %d\n", $all->{notitle} // 0;
printf "  text removed as boilerplate:   %s (%d of %d characters; %s of articles lost text)\n",
    removed($all), ($all->{raw_chars} // 0) - ($all->{clean_chars} // 0), $all->{raw_chars} // 0,
    pct($all->{touched}, $all->{matched});
if (($all->{matched} // 0) < ($all->{read} // 0)) {
  printf "  (%d articles not matched to a raw record, left out of the removed share)\n",
      $all->{read} - ($all->{matched} // 0);
}
if ($o{by}) {
  printf "  %-14s %7s %8s %8s %8s %9s %9s\n", "by $o{by}", 'read', 'date', 'source', 'agency',
      'removed', 'touched';
  for my $k (sort keys %g) {
    my $s = $g{$k};
    printf "  %-14s %7d %8s %8s %8s %9s %9s\n", $k, $s->{read}, pct($s->{dated}, $s->{read}),
        pct($s->{sourced}, $s->{read}), pct($s->{agency}, $s->{read}), removed($s),
        pct($s->{touched}, $s->{matched});
  }
}
my @top = sort { $dropped{$b} <=> $dropped{$a} || $a cmp $b } keys %dropped;
if (@top) {
  printf "  text removed most often (%d distinct lines, sentences or phrases):\n", scalar @top;
  for my $l (@top[0 .. ($o{top} < @top ? $o{top} : @top) - 1]) {
    my $show = length $l > 90 ? substr($l, 0, 87) . '...' : $l;
    printf "    %6d  %s\n", $dropped{$l}, $show;
  }
}
print "\n";
# A machine-readable line for docs and diffs.
printf "TSV\t%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\n", $o{name}, $raw_records, $all->{read} // 0,
    $failed, pct($all->{dated}, $all->{read}), pct($all->{sourced}, $all->{read}),
    pct($all->{agency}, $all->{read}), removed($all), pct($all->{touched}, $all->{matched});
if ($o{by}) {
  for my $k (sort keys %g) {
    my $s = $g{$k};
    printf "TSV\t%s/%s\t\t%d\t\t%s\t%s\t%s\t%s\t%s\n", $o{name}, $k, $s->{read},
        pct($s->{dated}, $s->{read}), pct($s->{sourced}, $s->{read}), pct($s->{agency}, $s->{read}),
        removed($s), pct($s->{touched}, $s->{matched});
  }
}
