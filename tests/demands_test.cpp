#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>

#include "common/analyse.h"
#include "common/demands.h"

using namespace parley;
using schema::Facet;

namespace {

using Ids = std::vector<std::string>;

Ids sorted(Ids v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

Entities analyse_text(std::string body) {
  Article a;
  a.body = std::move(body);
  return analyse(a);
}

// The cue and term files of a small rule set, for the parser's tests.
constexpr std::string_view kCues =
    "[demand]\ndemands\n[sides]\nrussia\nukraine\n[opponents]\n* russia\n";
constexpr std::string_view kTerms =
    "[ids]\nceasefire\nterritorial-withdrawal\n[ceasefire]\nceasefire\ncease fire|hostilities\n";

}  // namespace

TEST_CASE("demands: one row per FACETS.md rule and counter-example", "[demands]") {
  struct Row {
    const char* rule;
    const char* text;
    Ids demand, demand_by;
  };
  const Row rows[] = {
      // FACETS.md's own examples.
      {"a mention is no demand", "Sanctions hurt Russia's economy.", {}, {}},
      {"a demand verb after its party",
       "Moscow demands that sanctions be lifted.",
       {"sanctions-relief"},
       {"russia/sanctions-relief"}},
      {"a rejection is no demand of the rejecting side",
       "Kyiv rejects any recognition of the annexation of Crimea.",
       {},
       {}},
      {"agreed terms go to each side that agreed (the two sides)",
       "Russian and Ukrainian negotiators met in Istanbul. The two sides agreed to a prisoner "
       "exchange.",
       {"prisoner-exchange"},
       {"russia/prisoner-exchange", "ukraine/prisoner-exchange"}},
      {"agreed terms go to each side named",
       "Russia and Ukraine agreed on a prisoner swap.",
       {"prisoner-exchange"},
       {"russia/prisoner-exchange", "ukraine/prisoner-exchange"}},
      {"the 2021 security guarantees are nato-rollback and neutrality",
       "In December Moscow demanded security guarantees from NATO.",
       {"nato-rollback", "neutrality"},
       {"russia/nato-rollback", "russia/neutrality"}},
      {"Russia's proposals of security guarantees are its 2021 demands too",
       "Putin spoke about the Russian proposals on legally binding security guarantees.",
       {"nato-rollback", "neutrality"},
       {"russia/nato-rollback", "russia/neutrality"}},
      {"Ukraine's proposals of security guarantees stay security-guarantees",
       "Ukrainian negotiators proposed security guarantees from the US and Turkey.",
       {"security-guarantees"},
       {"ukraine/security-guarantees"}},
      {"a contracted pronoun is the pronoun",
       "Ukraine's leaders said they're willing to accept a neutral status.",
       {"neutrality"},
       {"ukraine/neutrality"}},
      {"a pronoun with no party in its clause stands for the sentence's subject",
       "While Russia's line is that it has no plans to invade, it has demanded that Ukraine "
       "never join NATO.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"an appeal to a side is a call on it",
       "Guterres appealed to Moscow and Kyiv to agree a ceasefire.",
       {"ceasefire"},
       {"united-nations/ceasefire"}},
      {"\"we\" in a quotation that opens after its reporter in the same sentence is the reporter",
       "Davyd Arakhamia said, \"We insist that the treaty be signed by all the guarantors of "
       "security.\"",
       {"security-guarantees"},
       {"ukraine/security-guarantees"}},
      {"\"these\" opening a sentence stands for the conditions the sentence before gave a side",
       "Russia said it would halt its operation if Kyiv met a list of its conditions. These "
       "included demands like ceding Crimea to Russia.",
       {"recognition-of-annexation"},
       {"russia/recognition-of-annexation"}},
      {"a collection of demands is no subject of its own",
       "Moscow submitted a list of demands, including a promise that Ukraine will stay neutral.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"\"these included\" lists the proposals the sentence before gave a side",
       "Moscow passed on a package of proposals. These included Ukraine's formal neutrality.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"a cue after \"plus\" shares the subject of the cue before it",
       "Moscow demanded that Kyiv recognize Crimea, plus accept a neutral status.",
       {"neutrality", "recognition-of-annexation"},
       {"russia/neutrality", "russia/recognition-of-annexation"}},
      {"reversing NATO's eastward expansion is nato-rollback",
       "Putin demanded that NATO reverse its eastward expansion.",
       {"nato-rollback"},
       {"russia/nato-rollback"}},
      {"halting any further eastward expansion is nato-rollback",
       "Russia insists on guarantees that halt any further eastward expansion.",
       {"nato-rollback"},
       {"russia/nato-rollback"}},
      {"turning the clock back to 1997 is nato-rollback",
       "Putin demanded that NATO turn the clock back to 1997.",
       {"nato-rollback"},
       {"russia/nato-rollback"}},
      {"the most important point a side names is its term",
       "Putin said the most important point is the demilitarisation of Ukraine.",
       {"demilitarization"},
       {"russia/demilitarization"}},
      {"a plea is a demand cue, and military operations near a nuclear plant are nuclear safety",
       "The leaders of Britain, France and Germany pleaded Sunday for Russia to end military "
       "operations so close to the Zaporizhzhia nuclear plant.",
       {"nuclear-safety"},
       {"france/nuclear-safety", "germany/nuclear-safety", "united-kingdom/nuclear-safety"}},
      {"fighting near the plant is nuclear safety, not a ceasefire",
       "Russia shelled Ukraine. The IAEA called for an end to fighting near the plant.",
       {"nuclear-safety"},
       {"iaea/nuclear-safety"}},
      {"the one told is no subject of the reported clause",
       "Putin told Macron he was available for negotiations but emphasized that discussion must "
       "take place on the grounds of disarmament of Ukraine.",
       {"demilitarization"},
       {"russia/demilitarization"}},
      {"\"could consider\" is an offer of one's own conduct",
       "Russia shelled Ukraine. Zelenskyy said Ukraine could consider a neutral status.",
       {"neutrality"},
       {"ukraine/neutrality"}},
      {"a second \"that\" clause is the reporting verb's, not the earlier cue's",
       "Russia shelled Ukraine. Zelenskyy has said he realizes NATO isn't going to offer "
       "membership to Ukraine and that he could consider a neutral status for his country.",
       {"neutrality"},
       {"ukraine/neutrality"}},
      {"an imperative opening a sentence asks in the voice of the reporter after it",
       "Russia shelled Ukraine. \"Withdraw your troops from Ukraine and pay reparations,\" "
       "Zelensky said.",
       {"reparations", "russian-withdrawal"},
       {"ukraine/reparations", "ukraine/russian-withdrawal"}},
      {"so does one opening a quotation, in the voice of the reporter before it",
       "Russia shelled Ukraine. Zelensky said on Monday: \"Withdraw your troops from Ukraine.\"",
       {"russian-withdrawal"},
       {"ukraine/russian-withdrawal"}},
      {"a single-quoted speech keeps its speaker past a sentence with no cue",
       "Russia shelled Ukraine. 'When Russia truly wants peace, we will see it,' Zelensky said. "
       "'But words are not enough. Withdraw your troops from our territory.'",
       {"russian-withdrawal"},
       {"ukraine/russian-withdrawal"}},
      {"outside a quotation a sentence with no cue ends the speaker's turn",
       "Russia shelled Ukraine. 'When Russia truly wants peace, we will see it,' Zelensky said. "
       "Words are not enough. Withdraw your troops, the crowd chanted.",
       {},
       {}},
      {"a verb of the list used as a noun opens no imperative",
       "Russia shelled Ukraine. Zelensky said: \"Release of all prisoners of war began on "
       "Friday.\"",
       {},
       {}},
      {"an area demilitarized, in a text about a nuclear plant, is the plant's safety",
       "Russia shelled the Zaporizhzhia nuclear plant. \"The area needs to be demilitarized,\" "
       "Guterres said.",
       {"nuclear-safety"},
       {"united-nations/nuclear-safety"}},
      {"troops and equipment withdrawn from the plant are its safety, not a withdrawal",
       "Russia shelled Ukraine. Macron urged the withdrawal of Russian troops and weaponry from "
       "the plant.",
       {"nuclear-safety"},
       {"france/nuclear-safety"}},
      {"an area demilitarized elsewhere is no term of this war",
       "Russia shelled Ukraine. Baku demanded the demilitarization of the area.",
       {},
       {}},
      {"an offer a demand asks of others in the infinitive is the demand's",
       "Russia shelled Ukraine. Kyiv wants the US and other members of NATO to offer legally "
       "binding guarantees of its security.",
       {"security-guarantees"},
       {"ukraine/security-guarantees"}},
      {"a party in an if-clause is no speaker of the main clause's obligation",
       "Russia invaded Ukraine. Russia shelled Ukraine. The talks were candid, the official said, "
       "noting that if Russia wanted to prove it was serious, it should withdraw its troops from "
       "Ukraine.",
       {},
       {}},
      {"a term that opens its clause, a copula and a cue noun: the cue governs it",
       "Russia shelled Ukraine. Immediate ceasefire and withdrawal of Russian troops from the "
       "territory of Ukraine are among the key aspects of a peace agreement, Zelensky said.",
       {"ceasefire", "russian-withdrawal"},
       {"ukraine/ceasefire", "ukraine/russian-withdrawal"}},
      {"a copula with other words before the cue noun governs nothing",
       "Russia shelled Ukraine. A ceasefire is not what the key points of the plan were about.",
       {},
       {}},
      {"a cue in an aside that closes governs nothing after it",
       "Russia shelled Ukraine. Zelenskyy said he would consider waiving Ukraine's bid to join "
       "NATO \xE2\x80\x94 a key Russian demand \xE2\x80\x94 in exchange for a cease-fire.",
       {"ceasefire"},
       {"ukraine/ceasefire"}},
      {"so does one in brackets",
       "Russia shelled Ukraine. Zelenskyy said he would consider dropping the bid (a key Russian "
       "demand) in exchange for a cease-fire.",
       {"ceasefire"},
       {"ukraine/ceasefire"}},
      {"a cue in an aside governs a term inside it",
       "Russia shelled Ukraine. The talks stalled (Moscow demanded a cease-fire on its terms).",
       {"ceasefire"},
       {"russia/ceasefire"}},
      {"carbon neutrality is no state's neutrality",
       "Russia is committed to reaching carbon neutrality by 2060.",
       {},
       {}},
      {"climate neutrality is no state's neutrality",
       "Ukraine wants to achieve climate neutrality.",
       {},
       {}},
      {"a quantifier before a condition noun is no subject of its own",
       "A readout said Putin would stop the war if several conditions are met, including that "
       "Ukraine will remain neutral.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"an appeal with words between the verb and its term is still an appeal",
       "Zelenskyy on Sunday appealed on Twitter for a cease-fire with Russia.",
       {"ceasefire"},
       {"ukraine/ceasefire"}},
      {"a side cutting its own military activity offers a local truce",
       "Russia said it would drastically reduce military activity around Kyiv and Chernihiv.",
       {"ceasefire"},
       {"russia/ceasefire"}},
      {"a presence at the nuclear plant is nuclear safety",
       "The IAEA wants a permanent presence at the Zaporizhzhia nuclear plant. Russia shelled it.",
       {"nuclear-safety"},
       {"iaea/nuclear-safety"}},
      {"a withdrawal from treaties is no withdrawal of forces",
       "Russia wants guarantees because the United States withdraws from all international "
       "treaties.",
       {},
       {}},
      {"Ukraine named inside a neutrality term settles whose it is, whoever acts on it",
       "Putin has demanded that the U.S. shut Kyiv's door to NATO membership.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"\"he\" with no speaker carried over is the person named just before",
       "Zelensky spoke to reporters in Kyiv. He said several conditions would need to be met, "
       "namely a ceasefire.",
       {"ceasefire"},
       {"ukraine/ceasefire"}},
      {"\"he\" stands for a person, never for the state before it",
       "Putin spoke on Monday. Nato troops, he insisted, should pull back from all of these "
       "eastern European countries.",
       {"nato-rollback"},
       {"russia/nato-rollback"}},
      {"an unknown name between may be whom \"she\" stands for: nobody's",
       "Zelensky spoke in Kyiv. Bonnie Jenkins, an official, called it tragic. She said several "
       "conditions would need to be met, namely a ceasefire.",
       {},
       {}},
      {"a sentence reported by a person the gazetteer lacks is not the previous speaker's",
       "Zelensky demanded a ceasefire. Mike Ryan, a health official, said the crisis will only "
       "worsen unless there is a prisoner exchange.",
       {"ceasefire"},
       {"ukraine/ceasefire"}},
      {"a party between a demand noun and a verb of making it makes the demand",
       "NATO will address the demands Russia has made, including that Ukraine never join NATO.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"a pledge not to join, the alliance dropped from the scraped text, is neutrality",
       "Russian President Vladimir Putin laid out a list of demands he wanted from Ukraine last "
       "week, including its pledge not to join.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"the alliance that will not admit Ukraine is neutrality",
       "Putin has demanded that NATO not take Ukraine as a member.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"the alliance that will not expand eastward is NATO pulling back",
       "Russia has demanded the 30-nation alliance pledge to not expand eastward.",
       {"nato-rollback"},
       {"russia/nato-rollback"}},
      {"agreements that preclude NATO's eastward advance are NATO pulling back",
       "Putin demanded agreements that can preclude NATO's further eastward advance.",
       {"nato-rollback"},
       {"russia/nato-rollback"}},
      {"a local truce told as military activity cut",
       "The Russian military said hostilities near Kyiv would be drastically reduced.",
       {"ceasefire"},
       {"russia/ceasefire"}},
      {"not allowing Ukraine to join is neutrality",
       "Russia urged the U.S. to pledge to not allow Ukraine to join.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"a Ukraine that will never be part of NATO is neutrality",
       "Zelensky admitted Ukraine has to accept it will never be part of NATO. Russia attacked.",
       {"neutrality"},
       {"ukraine/neutrality"}},
      {"Ukraine not being a member of NATO, as a fact, is no term",
       "The US, which Russia opposes, wants to avoid involvement in Ukraine, which is not a "
       "member of NATO.",
       {},
       {}},
      {"handing the plant back is nuclear safety",
       "The G7 called on Russia to cede the nuclear power plant back to Ukraine.",
       {"nuclear-safety"},
       {"g7/nuclear-safety"}},
      {"a cue after 'but' shares the subject of the cue before it",
       "Ukrainian negotiators said they would not host foreign troops - but would have their "
       "security guaranteed.",
       {"no-foreign-troops", "security-guarantees"},
       {"ukraine/no-foreign-troops", "ukraine/security-guarantees"}},
      {"legal or binding guarantees are security guarantees, Russia's its 2021 demands",
       "Moscow demanded legal guarantees that the alliance will halt its eastward expansion.",
       {"nato-rollback", "neutrality"},
       {"russia/nato-rollback", "russia/neutrality"}},
      {"the party obliged to commit is asked, it does not demand",
       "Moscow handed over proposals obliging the U.S. and NATO to commit to not admitting "
       "Ukraine into NATO.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"a side's key issue for the talks is its term",
       "Ukraine has said the key issue for the talks is an immediate ceasefire.",
       {"ceasefire"},
       {"ukraine/ceasefire"}},
      {"the subject of a passive demand is asked, not asking",
       "Kyiv wants security guarantees. Turkey and Germany have also been called on to act as "
       "guarantors.",
       {"security-guarantees"},
       {"ukraine/security-guarantees"}},
      {"a ceasefire mentioned without anyone demanding it",
       "A ceasefire has held since Monday.",
       {},
       {}},

      // The speaker.
      {"a must-clause is the reporter's demand, not its subject's",
       "Putin said Ukraine must withdraw from Donetsk.",
       {"territorial-withdrawal"},
       {"russia/territorial-withdrawal"}},
      {"a reporter after the must-clause",
       "Ukraine must withdraw from Donetsk, Putin said.",
       {"territorial-withdrawal"},
       {"russia/territorial-withdrawal"}},
      {"a counter-proposal is its possessor's proposal",
       "Kyiv's counter-proposal calls for a ceasefire along the current front line.",
       {"ceasefire"},
       {"ukraine/ceasefire"}},
      {"the US draft would ...",
       "The US draft would give Russia de facto recognition of its control over Crimea.",
       {"recognition-of-annexation"},
       {"united-states/recognition-of-annexation"}},
      {"a passive agent",
       "Russia rejected a temporary ceasefire proposed by Washington.",
       {"ceasefire"},
       {"united-states/ceasefire"}},
      {"an adjective and a noun",
       "Russian negotiators insisted on Ukraine's neutral status.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"the first party of the clause",
       "Russia presented Ukraine with a memorandum demanding strict limits on its army.",
       {"demilitarization"},
       {"russia/demilitarization"}},
      {"an introductory phrase is not the subject",
       "According to Ukrainian officials, Moscow's terms include Ukraine's neutrality.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"a relative clause takes its antecedent",
       "Putin's proposal contrasts with Zelenskyy's peace plan, which calls for the return of all "
       "occupied territories.",
       {"russian-withdrawal"},
       {"ukraine/russian-withdrawal"}},
      {"a person gives the party of their affiliation",
       "Zelenskyy called for the withdrawal of Russian troops from occupied territories.",
       {"russian-withdrawal"},
       {"ukraine/russian-withdrawal"}},
      {"the last two parties named together are 'the pair'",
       "Emmanuel Macron and Olaf Scholz spoke to Putin by phone. The pair insisted on an immediate "
       "ceasefire.",
       {"ceasefire"},
       {"france/ceasefire", "germany/ceasefire"}},
      {"a quotation's speaker speaks its sentences",
       "Kremlin spokesman Dmitry Peskov said: \"The talks are hard. Ukraine should stop its "
       "military action.\"",
       {"ceasefire"},
       {"russia/ceasefire"}},
      {"a continuation takes the previous sentence's speaker",
       "Russia demanded Ukraine's neutrality. Further demands include the lifting of sanctions.",
       {"neutrality", "sanctions-relief"},
       {"russia/neutrality", "russia/sanctions-relief"}},
      {"a pronoun subject takes the previous sentence's speaker",
       "Moscow insisted on the recognition of Crimea as Russian. It also calls for the lifting of "
       "sanctions.",
       {"recognition-of-annexation", "sanctions-relief"},
       {"russia/recognition-of-annexation", "russia/sanctions-relief"}},
      {"a term no party puts forward is no demand of the article",
       "The draft treaty proposes a ceasefire in Ukraine.",
       {},
       {}},
      {"the same term put forward by a party is one",
       "Kyiv's draft treaty proposes a ceasefire in Ukraine.",
       {"ceasefire"},
       {"ukraine/ceasefire"}},

      // Which withdrawal: whose forces move.
      {"Ukraine's forces leaving is territorial-withdrawal",
       "Russia demanded that Ukraine withdraw its troops from Luhansk.",
       {"territorial-withdrawal"},
       {"russia/territorial-withdrawal"}},
      {"Russia's forces leaving is russian-withdrawal",
       "Kyiv demands the withdrawal of Russian troops from all occupied territories.",
       {"russian-withdrawal"},
       {"ukraine/russian-withdrawal"}},
      {"a withdrawal nobody names is the speaker's opponent's",
       "Russia's demand for a withdrawal from the four regions was rejected by Kyiv.",
       {"territorial-withdrawal"},
       {"russia/territorial-withdrawal"}},
      {"NATO's forces leaving eastern Europe is nato-rollback",
       "Russia is demanding that NATO forces withdraw from Eastern Europe.",
       {"nato-rollback"},
       {"russia/nato-rollback"}},
      {"a side's own pull-back is a gesture, not its demand",
       "Russia said it would withdraw troops from around Kyiv.",
       {},
       {}},
      {"agreeing to pull one's own troops back is a gesture too",
       "Russian negotiators agreed to withdraw troops from around Kyiv.",
       {},
       {}},

      // Rejections, negations, mentions, forecasts.
      {"rejecting what a demand opposes is that demand",
       "Moscow rejected any Western peacekeepers in Ukraine.",
       {"no-foreign-troops"},
       {"russia/no-foreign-troops"}},
      {"rejecting Ukraine's NATO membership is neutrality",
       "Russia rejects Ukraine's NATO membership.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"a negated demand is a rejection",
       "Ukraine will not accept any ceasefire that freezes "
       "the front.",
       {},
       {}},
      {"a term talked about is no demand",
       "No progress was made toward a ceasefire, Ukrainian officials said.",
       {},
       {}},
      {"talks about a term are no demand",
       "Russia and Ukraine held ceasefire talks in Belarus.",
       {},
       {}},
      {"a forecast is no demand", "Russian troops are unlikely to withdraw from Kherson.", {}, {}},
      {"rather than",
       "Moscow seeks a comprehensive agreement rather than a short-term truce.",
       {},
       {}},

      // Whose terms these are.
      {"another country's neutrality is not Ukraine's",
       "Russia demanded that Finland keep its neutral status, Ukrainian media said.",
       {},
       {}},
      {"sanctions on another country are not sanctions on Russia",
       "Russia demanded that the US lift sanctions on Iran.",
       {},
       {}},
      {"Russia recognising the republics itself is no demand",
       "Putin said he would recognise the independence of Donetsk and Luhansk.",
       {},
       {}},
      {"accountability needs talks",
       "Ukraine demands that war criminals be held accountable.",
       {},
       {}},
      {"accountability as a condition of talks",
       "Ukraine will hold peace talks only if Russia faces prosecution for war crimes, Zelenskyy "
       "said.",
       {"accountability"},
       {"ukraine/accountability"}},
      {"past a sentence's opening, other demands are demands, not a continuation",
       "In December, Moscow listed other demands such as a NATO withdrawal from the Baltics.",
       {"nato-rollback"},
       {"russia/nato-rollback"}},
      {"restrictions on a side's military are demilitarization",
       "Kiev pledged to accept restrictions on its military.",
       {"demilitarization"},
       {"ukraine/demilitarization"}},
      {"limits on missile deployments and exercises are no demilitarization",
       "The US offered to discuss limits on missile deployments and military exercises.",
       {},
       {}},
      {"inspectors coming to the nuclear plant are nuclear-safety",
       "Russia has been insisting on international inspectors coming to the Zaporozhye nuclear "
       "power plant.",
       {"nuclear-safety"},
       {"russia/nuclear-safety"}},
      {"no deal possible without a term sets it as a condition",
       "No peace deal would be possible without a ceasefire, Zelensky said.",
       {"ceasefire"},
       {"ukraine/ceasefire"}},
      {"a commitment inside a condition is part of the condition",
       "Kyiv would drop its bid to join NATO on the basis that Russia would give Kyiv security "
       "guarantees, Zelensky said.",
       {"neutrality", "security-guarantees"},
       {"ukraine/neutrality", "ukraine/security-guarantees"}},
      {"a hypothesis with would and no reporter is no commitment",
       "Moscow would exploit any truce to regroup.",
       {},
       {}},
      {"an ordinal opening a sentence continues the previous speaker's list",
       "Putin laid out several issues to Erdogan. Second, disarmament and denazification.",
       {"demilitarization", "denazification"},
       {"russia/demilitarization", "russia/denazification"}},
      {"an ordinal inside a sentence continues nothing",
       "Moscow laid out its position. A first success is the grain deal, perhaps a ceasefire.",
       {},
       {}},
      {"troops pulled back from a border leave no territory",
       "The US urged Russia to de-escalate by pulling back its forces from Ukraine's borders.",
       {},
       {}},
      {"troops withdrawn from the borders and occupied lands are a withdrawal",
       "Kyiv demanded that Russia withdraw its troops from the borders and occupied territories.",
       {"russian-withdrawal"},
       {"ukraine/russian-withdrawal"}},
      {"NATO pulling its forces back from Russia's borders is nato-rollback",
       "Moscow demanded that NATO pull its forces back from Russia's borders.",
       {"nato-rollback"},
       {"russia/nato-rollback"}},
      {"an impersonal 'it has to be remembered' puts no term to anyone",
       "Ukraine and Russia talk. Whenever Austrian neutrality comes up, it has to be remembered "
       "that this is a model of an armed neutrality.",
       {},
       {}},
      {"two parties joined by 'and' with lower-case titles share the cue",
       "Russia and Ukraine talk. The French president and German chancellor called for an "
       "immediate ceasefire.",
       {"ceasefire"},
       {"france/ceasefire", "germany/ceasefire"}},
      {"limits on where troops are deployed cap no army; asked by Russia they are nato-rollback",
       "Russia demanded a limit on the deployment of troops and weapons on NATO's eastern "
       "flank.",
       {"nato-rollback"},
       {"russia/nato-rollback"}},
      {"a ceasefire someone is accused of sabotaging is no demand",
       "Putin insisted on talks and accused Ukraine of sabotaging a ceasefire.",
       {},
       {}},
      {"a truce for an evacuation or a corridor is no term of ending the war",
       "Ukraine called for a ceasefire to allow the evacuation of civilians from Mariupol.",
       {},
       {}},
      {"a ceasefire beside humanitarian corridors stays a ceasefire",
       "Erdogan urged Putin to declare a ceasefire, open humanitarian corridors and sign a peace "
       "agreement.",
       {"ceasefire"},
       {"turkey/ceasefire"}},
      {"troops leaving the nuclear plant is nuclear-safety, not a withdrawal from territory",
       "Zelenskyy demanded that Russian troops leave the plant at Enerhodar.",
       {"nuclear-safety"},
       {"ukraine/nuclear-safety"}},
      {"Ukraine barred from joining NATO, in the passive, is neutrality",
       "Putin demanded that Ukraine be barred from joining NATO.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"what a side may have to do is no demand",
       "Ukraine may have to withdraw its troops from the Luhansk region, Zelensky said.",
       {},
       {}},
      {"a capitalised one-word term is a name",
       "The British thinktank Ceasefire published a report on Russia.",
       {},
       {}},
      // One row for each id of FACETS.md's table that the rows above leave out.
      {"halt-military-aid: ending arms supplies to Ukraine",
       "Moscow demanded that the West stop arms supplies to Ukraine.",
       {"halt-military-aid"},
       {"russia/halt-military-aid"}},
      {"elections-and-government: new elections in Ukraine",
       "Putin insisted that Ukraine hold new elections.",
       {"elections-and-government"},
       {"russia/elections-and-government"}},
      {"language-and-minority-rights: the status of the Russian language",
       "Russia demanded official status for the Russian language in Ukraine.",
       {"language-and-minority-rights"},
       {"russia/language-and-minority-rights"}},
      {"denazification: banning the glorification of Nazism",
       "Russia demanded that Ukraine ban the glorification of Nazism.",
       {"denazification"},
       {"russia/denazification"}},
      {"return-of-children: deported children returned",
       "Ukraine demanded the return of deported children from Russia.",
       {"return-of-children"},
       {"ukraine/return-of-children"}},
      {"demands of a party that another hands over are the giver's",
       "Russia submitted a list of demands of Kyiv, among which were demilitarization and "
       "denazification.",
       {"demilitarization", "denazification"},
       {"russia/demilitarization", "russia/denazification"}},
      {"demands of a party no one hands over are that party's",
       "Ukraine answered the demands of Russia, among which was a prisoner exchange.",
       {"prisoner-exchange"},
       {"russia/prisoner-exchange"}},
      {"a clause whose subject is a pronoun: the party it stands for, not the next one named",
       "Ukraine set out its terms. They included demanding reparations from Moscow.",
       {"reparations"},
       {"ukraine/reparations"}},
      {"a party's goals listed as nouns are its demands",
       "Putin said that Russia's priority goals were demilitarisation and a neutral and "
       "nuclear-free status for Ukraine.",
       {"demilitarization", "neutrality"},
       {"russia/demilitarization", "russia/neutrality"}},
      {"a relative clause with a pronoun subject: the term is the pronoun's party",
       "Russia hopes to hold talks with NATO and the United States over security guarantees it "
       "is seeking from both.",
       {"nato-rollback", "neutrality"},
       {"russia/nato-rollback", "russia/neutrality"}},
      {"a commitment over a list of terms each negated on its own covers them all",
       "Ukraine will undertake not to deploy foreign military bases on its territory, not to join "
       "military-political alliances.",
       {"neutrality", "no-foreign-troops"},
       {"ukraine/neutrality", "ukraine/no-foreign-troops"}},
      {"a possessive in a term stands for the party named before it: others' NATO bids",
       "Zakharova said Finland and Sweden should know that their accession to NATO will have "
       "consequences.",
       {},
       {}},
      {"the same possessive standing for Ukraine keeps the term",
       "Russia insists that Ukraine abandon its bid to join NATO.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"a possessive on sanctions is the imposer's, not whom they are on",
       "Moscow said it could take part in talks only if the U.S. lifted its sanctions against "
       "Russia.",
       {"sanctions-relief"},
       {"russia/sanctions-relief"}},
      {"a party's priorities in talks are its terms",
       "Podolyak said Ukraine's priorities in the talks are an immediate ceasefire and "
       "humanitarian corridors.",
       {"ceasefire"},
       {"ukraine/ceasefire"}},
      {"a party that wants to discuss a term puts it forward",
       "Russia has signaled it wants to discuss Ukraine adopting a neutral status.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"a party that needs a term demands it",
       "Zelenskyy said Ukraine needs security guarantees on paper.",
       {"security-guarantees"},
       {"ukraine/security-guarantees"}},
      {"'we need' in a quotation is the speaker's demand",
       "\"We need a system of security guarantees,\" Zelenskyy said.",
       {"security-guarantees"},
       {"ukraine/security-guarantees"}},
      {"people in need demand nothing", "Russia's sanctions hurt people in need.", {}, {}},
      {"Ukraine remaining neutral, promised as a condition, is neutrality",
       "Putin would end the invasion if conditions are met, including a promise that Ukraine will "
       "remain neutral.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"another state remaining neutral on the war is no term",
       "China has sought to remain neutral on the conflict.",
       {},
       {}},
      {"a goal that is an infinitive is no demand of its own",
       "Kiev's main goal was to use the ceasefire to buy time.",
       {},
       {}},
      {"nuclear-safety: control of the Zaporizhzhia plant",
       "Kyiv demanded that Russia hand back control of the Zaporizhzhia nuclear plant.",
       {"nuclear-safety"},
       {"ukraine/nuclear-safety"}},
      {"a side announcing its own local truce needs no cue",
       "Earlier today, it was announced that Russia will drastically cut its military activity "
       "around Kyiv and Chernihiv.",
       {"ceasefire"},
       {"russia/ceasefire"}},
      {"a local truce told in the passive, the side's possessive before it",
       "Fomin said that Russia's military activity is being dramatically curtailed near Kyiv.",
       {"ceasefire"},
       {"russia/ceasefire"}},
      {"military activity cut with no side named is no term",
       "Military activity around the city was cut by the storm.",
       {},
       {}},
      {"a side's positions stated are its terms",
       "\"Ukraine's positions haven't changed -- ceasefire, withdrawal of troops and security "
       "guarantees.\"",
       {"ceasefire", "russian-withdrawal", "security-guarantees"},
       {"ukraine/ceasefire", "ukraine/russian-withdrawal", "ukraine/security-guarantees"}},
      {"military positions are no stance",
       "Russia shelled Ukrainian positions near a ceasefire line.",
       {},
       {}},
      {"an adjective between a party and its cue noun",
       "Cavusoglu said Moscow was ready to resume negotiations with Ukraine but had \"new "
       "conditions\" for a cease-fire.",
       {"ceasefire"},
       {"russia/ceasefire"}},
      {"Russia's security demands are its demands on NATO and for Ukraine's neutrality",
       "The US was preparing written responses to Russian security demands.",
       {"nato-rollback", "neutrality"},
       {"russia/nato-rollback", "russia/neutrality"}},
      {"another side's security demands give nothing",
       "Sweden said its security demands were met by the United States.",
       {},
       {}},
      {"asking named parties for a term is a demand",
       "Russia has asked the US and NATO for certain security guarantees against Ukraine.",
       {"nato-rollback", "neutrality"},
       {"russia/nato-rollback", "russia/neutrality"}},
      {"asking reporters about a term is none",
       "Russia asked reporters about the ceasefire in Ukraine.",
       {},
       {}},
      {"a term the two sides discussed is each side's",
       "Russian and Ukrainian negotiators met. The two sides discussed a 24-hour cease-fire.",
       {"ceasefire"},
       {"russia/ceasefire", "ukraine/ceasefire"}},
      {"a term discussed in a call with a foreign leader is no one's",
       "Zelenskyy spoke with Scholz about Russia. The parties discussed a ceasefire.",
       {},
       {}},
      {"the swap of Americans held in Russia is no term of the war",
       "The United States has offered a prisoner swap to bring home Whelan, a Russian court said.",
       {},
       {}},
      {"a prisoner exchange the warring sides agree is",
       "Russia and Ukraine agreed on a prisoner swap, the United States said.",
       {"prisoner-exchange"},
       {"russia/prisoner-exchange", "ukraine/prisoner-exchange"}},
      {"a side abandoning a term rejects it",
       "Finland will seek to join NATO, ditching decades of neutrality despite Russia's threats.",
       {},
       {}},
      {"abandoning the NATO bid stays neutrality",
       "Zelenskyy said Ukraine would abandon its NATO bid.",
       {"neutrality"},
       {"ukraine/neutrality"}},
      {"a continuation after a name is part of its clause",
       "Russia issued other demands such as a ceasefire.",
       {"ceasefire"},
       {"russia/ceasefire"}},
      {"a continuation after a subject continues nothing",
       "Ukraine wants a ceasefire. China also announced it was lifting sanctions on Russian "
       "wheat.",
       {"ceasefire"},
       {"ukraine/ceasefire"}},
      {"a continuation after a pronoun and an auxiliary opens the sentence",
       "Ukraine wants a ceasefire. It is also necessary to hold a prisoner exchange.",
       {"ceasefire", "prisoner-exchange"},
       {"ukraine/ceasefire", "ukraine/prisoner-exchange"}},
      {"\"chief among them\" continues the previous sentence",
       "Russia made several demands. Chief among them was a ceasefire.",
       {"ceasefire"},
       {"russia/ceasefire"}},
      {"a commitment in a demand's appositive clause is the demander's",
       "The US has said Putin's central demand, that the US and NATO commit to never admitting "
       "Ukraine to the alliance, is non-negotiable.",
       {"neutrality"},
       {"russia/neutrality"}},
      {"a tweet reports speech like 'said'",
       "Podolyak tweeted that the negotiators would discuss a cease-fire.",
       {"ceasefire"},
       {"ukraine/ceasefire"}},
      {"a second 'that' clause is the first one's verb's",
       "Putin has demanded that NATO rule out admitting any new members and that NATO forces "
       "pull back from positions in countries near Russia.",
       {"nato-rollback"},
       {"russia/nato-rollback"}},
  };
  for (const Row& r : rows) {
    CAPTURE(r.rule, r.text);
    Entities e = analyse_text(r.text);
    CHECK(e[Facet::kDemand] == sorted(r.demand));
    CHECK(e[Facet::kDemandBy] == sorted(r.demand_by));
  }
}

TEST_CASE("demands: a list under a heading ending in ':' goes to the heading's speaker",
          "[demands]") {
  Entities e = analyse_text(
      "Russia's demands, according to a Ukrainian official, include:\n"
      "Full withdrawal of Ukrainian forces from Donetsk and Luhansk.\n"
      "A requirement for Ukraine to become a neutral state.\n"
      "All parties must renounce claims to war damage compensation. The U.S. proposal, in "
      "contrast, had included compensation for war damage.\n"
      "The Russian delegation presented these demands verbally.\n"
      "Ukraine wants a ceasefire.\n");
  CHECK(e[Facet::kDemandBy] ==
        sorted({"russia/territorial-withdrawal", "russia/neutrality", "russia/reparations",
                "united-states/reparations", "ukraine/ceasefire"}));
}

TEST_CASE("demands: each demand_by's party is in the party facet", "[demands]") {
  Entities e = analyse_text("Kyiv insists on security guarantees from the West.");
  CHECK(e[Facet::kDemandBy] == Ids{"ukraine/security-guarantees"});
  CHECK(std::find(e[Facet::kParty].begin(), e[Facet::kParty].end(), "ukraine") !=
        e[Facet::kParty].end());
}

TEST_CASE("demands: no demands in an article that names neither warring side", "[demands]") {
  CHECK(analyse_text("Washington demanded that sanctions on Iran be lifted.")[Facet::kDemand]
            .empty());
}

TEST_CASE("demands: sentences keep abbreviations and initials whole", "[demands]") {
  struct Row {
    const char* text;
    std::size_t sentences;
  };
  const Row rows[] = {
      {"The U.S. draft would ease sanctions. Russia refused.", 2},
      {"Mr. Putin met Gen. Gerasimov in St. Petersburg. They talked.", 2},
      {"Joseph R. Biden spoke! Did Russia listen? No.", 3},
      {"Russia's demands include: neutrality; no foreign troops.", 1},
      {"A heading:\nan item\n\nanother item", 3},
  };
  for (const Row& r : rows) {
    CAPTURE(r.text);
    std::vector<Token> tokens = tokenize(r.text);
    CHECK(split_sentences(r.text, tokens).size() == r.sentences);
  }
  std::string text = "Russia's demands include:\n- neutrality";
  std::vector<Token> tokens = tokenize(text);
  std::vector<Sentence> s = split_sentences(text, tokens);
  REQUIRE(s.size() == 2);
  CHECK(s[0].heading);
  CHECK_FALSE(s[1].heading);
  CHECK(s[1].starts_line);
}

TEST_CASE("demands: the rules find terms only where a cue governs them", "[demands]") {
  DemandRules rules(kCues, kTerms);
  CHECK(rules.ids() == Ids{"ceasefire", "territorial-withdrawal"});
  std::string text = "Russia demands a ceasefire. A ceasefire held.";
  std::vector<Token> tokens = tokenize(text);
  std::vector<PartySpan> parties = {{0, 1, "russia", false}};
  std::vector<Demand> found = rules.find(text, tokens, parties, {});
  REQUIRE(found.size() == 1);
  CHECK(found[0].id == "ceasefire");
  CHECK(found[0].party == "russia");
}

TEST_CASE("demands: malformed rules are rejected with the line", "[demands]") {
  auto error = [](std::string_view cues, std::string_view terms) -> std::string {
    try {
      DemandRules rules(cues, terms);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  };
  CHECK_THAT(error(std::string(kCues) + "[nonsense]\nx\n", kTerms),
             Catch::Contains("unknown section [nonsense]"));
  CHECK_THAT(error(std::string(kCues) + "[rejection]\ndemands\n", kTerms),
             Catch::Contains("two kinds of cue"));
  CHECK_THAT(error(kCues, std::string(kTerms) + "[withdrawal]\nwithdraw\n"),
             Catch::Contains("[withdrawal] is neither an id nor resolved"));
  CHECK_THAT(error(kCues, std::string(kTerms) + "[ceasefire rejected]\nceasefire ..x truce\n"),
             Catch::Contains("bad gap"));
  CHECK_THAT(error(kCues, std::string(kTerms) + "[ceasefire rejected]\nceasefire ...\n"),
             Catch::Contains("line 8"));
  CHECK_THAT(error(kCues, std::string(kTerms) + "[ceasefire rejected]\nce*\n"),
             Catch::Contains("at least three letters"));
  CHECK_THAT(error(kCues, std::string(kTerms) + "[resolve]\nceasefire mover * truce\n"),
             Catch::Contains("unknown demand id truce"));
  CHECK_THAT(error(kCues, std::string(kTerms) + "[ceasefire]\n@nowhere\n"),
             Catch::Contains("unknown macro @nowhere"));
  CHECK_THAT(error(kCues, std::string(kTerms) + "[resolve]\nceasefire article nuclear truce\n"),
             Catch::Contains("unknown demand id truce"));
  CHECK_THAT(error(kCues, std::string(kTerms) + "[resolve]\nceasefire nothing\n"),
             Catch::Contains("or '<family> none'"));
  CHECK_THAT(error(kCues, std::string(kTerms) +
                              "[resolve]\nceasefire speaker russia ceasefire until 2022-02-30\n"),
             Catch::Contains("expected a date YYYY-MM-DD after 'until'"));
  CHECK_THAT(error(kCues, std::string(kTerms) +
                              "[resolve]\nceasefire speaker russia ceasefire before 2022\n"),
             Catch::Contains("expected a date YYYY-MM-DD after 'before'"));
}

namespace {

// The demand_by pairs of `body` in an article dated `date` ("" for undated).
Ids pairs_on(const std::string& body, const std::string& date) {
  Article a;
  a.body = body;
  a.date = date;
  return analyse(a)[Facet::kDemandBy];
}

}  // namespace

TEST_CASE("demands: Russia's security guarantees are its 2021 demands only before the first talks",
          "[demands]") {
  const std::string body = "Lavrov said Russia insists on security guarantees.";
  CHECK(pairs_on(body, "2022-01-20") == sorted({"russia/nato-rollback", "russia/neutrality"}));
  CHECK(pairs_on(body, "") == sorted({"russia/nato-rollback", "russia/neutrality"}));
  CHECK(pairs_on(body, "2022-03-25") == Ids{"russia/security-guarantees"});
  // On the invasion's first days, before the first talks (28 February), they are still those.
  CHECK(pairs_on(body, "2022-02-24") == sorted({"russia/nato-rollback", "russia/neutrality"}));
  CHECK(pairs_on(body, "2022-02-28") == Ids{"russia/security-guarantees"});
}

TEST_CASE("demands: Russia pulling forces back is a withdrawal only once the invasion began",
          "[demands]") {
  const std::string body = "The US urged Russia to pull back its forces.";
  CHECK(pairs_on(body, "2022-01-20").empty());
  CHECK(pairs_on(body, "") == Ids{"united-states/russian-withdrawal"});
  CHECK(pairs_on(body, "2022-03-25") == Ids{"united-states/russian-withdrawal"});
  // Named territory is a withdrawal at any date.
  CHECK(pairs_on("The US urged Russia to withdraw its armed forces from the occupied territories.",
                 "2022-01-20") == Ids{"united-states/russian-withdrawal"});
}

TEST_CASE("demands: the built-in rules load and list FACETS.md's 19 ids", "[demands]") {
  const std::vector<std::string>& ids = DemandRules::builtin().ids();
  CHECK(ids.size() == 19);
  CHECK(ids.front() == "territorial-withdrawal");
  CHECK(ids.back() == "nuclear-safety");
}

TEST_CASE("demands: a government's own outlet speaks where the text names no one else",
          "[demands]") {
  Article a;
  a.body = "That is why our state needs concrete security guarantees. Russia attacked again.";
  Entities plain = analyse(a);
  CHECK(plain[Facet::kDemand].empty());
  CHECK(plain[Facet::kDemandBy].empty());

  a.url = "https://www.president.gov.ua/en/news/address-12345";
  Entities house = analyse(a);
  CHECK(house[Facet::kSource] == Ids{"president-of-ukraine"});
  CHECK(house[Facet::kDemandBy] == Ids{"ukraine/security-guarantees"});

  // A speaker the text names keeps the term, in the house's release too.
  a.body = "Scholz said Germany wants a ceasefire. Russia attacked again.";
  CHECK(analyse(a)[Facet::kDemandBy] == Ids{"germany/ceasefire"});

  // The subject of a passive offer is the one offered it: the house offers.
  a.body = "Russia was offered an Easter ceasefire.";
  CHECK(analyse(a)[Facet::kDemandBy] == Ids{"ukraine/ceasefire"});
}
