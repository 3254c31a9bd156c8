#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "common/analyse.h"
#include "common/gazetteer.h"
#include "common/readers.h"

using namespace parley;
using schema::Facet;

namespace {

using Ids = std::vector<std::string>;

struct Expected {
  Ids region, place, person, party, agency;
  Ids demand = {}, demand_by = {};  // tests/demands_test.cpp has the demand rules
};

Article article(std::string body, std::string title = "", std::string author = "",
                std::vector<std::string> credits = {}) {
  Article a;
  a.title = std::move(title);
  a.body = std::move(body);
  a.author = std::move(author);
  a.credits = std::move(credits);
  return a;
}

Article dated(Article a, std::string date) {
  a.date = std::move(date);
  return a;
}

// A story of about 180 words with no names in it, for rules that depend on length.
std::string long_story(const std::string& names) {
  std::string s;
  for (int i = 0; i < 30; ++i)
    s += "Prices rose again this week. ";
  return s + names;
}

Ids sorted(Ids v) {
  std::sort(v.begin(), v.end());
  return v;
}

void check_facets(const Entities& e, const Expected& want) {
  CHECK(e[Facet::kRegion] == sorted(want.region));
  CHECK(e[Facet::kPlace] == sorted(want.place));
  CHECK(e[Facet::kPerson] == sorted(want.person));
  CHECK(e[Facet::kParty] == sorted(want.party));
  CHECK(e[Facet::kAgency] == sorted(want.agency));
  CHECK(e[Facet::kDemand] == sorted(want.demand));
  CHECK(e[Facet::kDemandBy] == sorted(want.demand_by));
}

}  // namespace

TEST_CASE("analyse: one row per facet rule and counter-example", "[analyse]") {
  struct Row {
    const char* rule;
    Article in;
    Expected want;
  };
  const Row rows[] = {
      // Places roll up to their regions; spelling variants are one id.
      {"a city gives its place and its region, and donetsk gives donbas",
       article("Russian forces shelled Mariupol on Monday."),
       {{"donetsk", "donbas"}, {"mariupol"}, {}, {"russia"}, {}}},
      {"a town outside the donbas rolls up to its own region",
       article("Fighting continued near Pokrovsk and Kupiansk."),
       {{"donetsk", "donbas", "kharkiv"}, {"pokrovsk", "kupiansk"}, {}, {}, {}}},
      {"Donbas is a region of its own",
       article("Fighting raged across the Donbas."),
       {{"donbas"}, {}, {}, {}, {}}},
      {"spelling variants",
       article("Shelling was reported in Zaporozhye and Lugansk."),
       {{"zaporizhzhia", "luhansk", "donbas"}, {}, {}, {}, {}}},
      {"sevastopol is a place and a region inside crimea",
       article("A drone struck Sevastopol overnight."),
       {{"sevastopol", "crimea"}, {"sevastopol"}, {}, {}, {}}},
      {"a bare Kharkiv is the region and the city",
       article("Explosions were heard in Kharkiv."),
       {{"kharkiv"}, {"kharkiv-city"}, {}, {}, {}}},
      {"the Kharkiv region is the region only",
       article("Villages in the Kharkiv region were shelled."),
       {{"kharkiv"}, {}, {}, {}, {}}},
      {"a list ending in 'regions' is regions only",
       article("Shelling hit the Kharkiv and Sumy regions."),
       {{"kharkiv", "sumy"}, {}, {}, {}, {}}},
      {"'the region of Kharkiv' is the region only",
       article("Fighting went on in the northeastern region of Kharkiv and Sumy."),
       {{"kharkiv", "sumy"}, {}, {}, {}, {}}},
      {"a lone city gives its region",
       article("Drones attacked Belgorod on Sunday."),
       {{"belgorod"}, {"belgorod-city"}, {}, {}, {}}},
      {"a river named like a city is no place",
       article("Troops crossed the Dnipro river at night."),
       {{}, {}, {}, {}, {}}},

      // Capitals: the city with a place cue, the government without.
      {"strikes on Kyiv: the city, its region; both belligerents are parties",
       article("Russia launched missile strikes on Kyiv."),
       {{"kyiv"}, {"kyiv-city"}, {}, {"russia", "ukraine"}, {}}},
      {"Kyiv rejected: the government",
       article("Kyiv rejected the terms on Friday."),
       {{}, {}, {}, {"ukraine"}, {}}},
      {"Moscow insists: the government (and its demand)",
       article("Moscow insists that sanctions be lifted."),
       {{}, {}, {}, {"russia"}, {}, {"sanctions-relief"}, {"russia/sanctions-relief"}}},
      {"Moscow's terms: a possessive capital is the government",
       article("Moscow\xE2\x80\x99s terms went beyond the draft."),
       {{}, {}, {}, {"russia"}, {}}},
      {"Kyiv's mayor: a possessive with a place noun is the city",
       article("Kyiv's mayor urged residents to stay in shelters."),
       {{"kyiv"}, {"kyiv-city"}, {}, {}, {}}},
      {"talks in Moscow: the city, not the government",
       article("Talks were held in Moscow last week."),
       {{}, {"moscow"}, {}, {}, {}}},
      {"between Moscow and Kyiv: both governments",
       article("The first direct negotiations between Moscow and Kyiv in three years."),
       {{}, {}, {}, {"russia", "ukraine"}, {}}},
      {"a place cue covers a list; a venue's host state is not a party",
       article("Meetings were held in Riyadh and Geneva."),
       {{}, {"riyadh", "geneva"}, {}, {}, {}}},
      {"Washington supports: the government",
       article("Washington supports Ukraine's position."),
       {{}, {}, {}, {"united-states", "ukraine"}, {}}},
      {"a dateline is the place",
       article("MOSCOW (Reuters) - Russia said on Monday it would respond."),
       {{}, {"moscow"}, {}, {"russia"}, {"reuters"}}},
      {"Washington, D.C. is the city",
       article("Zelensky travelled on from Washington, D.C., on Friday."),
       {{}, {"washington"}, {"volodymyr-zelensky"}, {"ukraine"}, {}}},
      {"a longer form is always the place",
       article("The delegation arrived at the summit from Kiev city."),
       {{"kyiv"}, {"kyiv-city"}, {}, {}, {}}},

      // Parties.
      {"a state named as a location only is no party",
       article("Drones crossed into Poland and Romania overnight."),
       {{}, {}, {}, {}, {}}},
      {"an adjective on a place is a location",
       article("The drone entered Polish airspace."),
       {{}, {}, {}, {}, {}}},
      {"a nationality on a private person is no party",
       article("A Russian tourist and a British man were detained in Turkey."),
       {{}, {}, {}, {}, {}}},
      {"a Ukrainian refugee is a private person",
       article("A Ukrainian refugee family arrived on Monday."),
       {{}, {}, {}, {}, {}}},
      {"a number of people is no party",
       article("Over 10 million Ukrainians remain displaced."),
       {{}, {}, {}, {}, {}}},
      {"an adjective on officials is the state",
       article("Ukrainian officials said Turkish diplomats had helped."),
       {{}, {}, {}, {"ukraine", "turkey"}, {}}},
      {"the U.N. Charter is a text, not the UN acting",
       article("Any settlement must respect the U.N. Charter."),
       {{}, {}, {}, {}, {}}},
      {"the UN acting is a party",
       article("The UN has called for a ceasefire."),
       {{}, {}, {}, {"united-nations"}, {}}},
      {"lower-case 'us' is not united-states",
       article("Let us hope the talks succeed, he told us."),
       {{}, {}, {}, {}, {}}},
      {"U.S. is united-states",
       article("U.S. officials said the plan was ready."),
       {{}, {}, {}, {"united-states"}, {}}},
      {"a curly possessive still names the state",
       article("Russia\xE2\x80\x99s demands were rejected."),
       {{}, {}, {}, {"russia"}, {}}},
      {"non-state groups are never parties",
       article("Wagner fighters and the Taliban were not invited."),
       {{}, {}, {}, {}, {}}},
      {"the belligerents as locations count in a war article",
       article("Russian troops advanced in Ukraine."),
       {{}, {}, {}, {"russia", "ukraine"}, {}}},
      {"the Kremlin is Russia",
       article("The Kremlin said talks would continue."),
       {{}, {}, {}, {"russia"}, {}}},

      // People.
      {"a full name gives the person and their party",
       article("Turkish President Recep Tayyip Erdo\xC4\x9F"
               "an offered to host talks."),
       {{}, {}, {"recep-tayyip-erdogan"}, {"turkey"}, {}}},
      {"a surname alone is the well-known bearer",
       article("Zelenskyy\xE2\x80\x99s office said."),
       {{}, {}, {"volodymyr-zelensky"}, {"ukraine"}, {}}},
      {"a misspelt first name still finds the known person",
       article("Ukrainian President Vladimir Zelenskyy has a peace plan."),
       {{}, {}, {"volodymyr-zelensky"}, {"ukraine"}, {}}},
      {"a surname resolves to the person the article names in full",
       article("Defense Minister Ivan Kirby met officials. Kirby said nothing."),
       {{}, {}, {"ivan-kirby"}, {}, {}}},
      {"a role introduces a person the gazetteer does not know",
       article("Kremlin spokesperson Ivan Petrov declined to comment."),
       {{}, {}, {"ivan-petrov"}, {"russia"}, {}}},
      {"an apposition with a role introduces a person",
       article("\"It is a trap,\" said Olga Smirnova, a Kyiv-based political analyst."),
       {{"kyiv"}, {"kyiv-city"}, {"olga-smirnova"}, {}, {}}},
      {"a name that starts with a given name is a person, role or not",
       article("Olga Smirnova walked to the shop with Ivan Petrov."),
       {{}, {}, {"ivan-petrov", "olga-smirnova"}, {}, {}}},
      {"a capitalised pair with no given name, role or cue is not guessed",
       article("Kostya Bobrov walked to the shop."),
       {{}, {}, {}, {}, {}}},
      {"a name followed by ', who' is a person",
       article("Bohuslav Kril, who heads the council, spoke."),
       {{}, {}, {"bohuslav-kril"}, {}, {}}},
      {"a name followed by an age is a person",
       article("Vasko Tiryn, 45, was detained."),
       {{}, {}, {"vasko-tiryn"}, {}, {}}},
      {"a name right before a verb of speaking is a person",
       article("Colm Doyle said the talks failed."),
       {{}, {}, {"colm-doyle"}, {}, {}}},
      {"an apposition without an article introduces a person",
       article("Kesha Mardan, chief researcher at the institute, disagreed."),
       {{}, {}, {"kesha-mardan"}, {}, {}}},
      {"a determiner before a capitalised pair: an institution, not a person",
       article("The Defense Ministry said nothing."),
       {{}, {}, {}, {}, {}}},
      {"a former office-holder does not act for their state",
       article("Former President Donald Trump criticised the deal."),
       {{}, {}, {"donald-trump"}, {}, {}}},
      {"a headline-case line is not searched for role names",
       article("The war goes on.", "ISIS Leader Abu Khadijah Killed in Iraq Strike"),
       {{}, {}, {}, {}, {}}},
      {"the byline is not a person",
       article("Analyst John Smith writes that the talks failed.", "", "John Smith"),
       {{}, {}, {}, {}, {}}},

      // Agencies.
      {"told Reuters", article("A senior official told Reuters."), {{}, {}, {}, {}, {"reuters"}}},
      {"Bloomberg reported",
       article("Bloomberg reported the talks had stalled."),
       {{}, {}, {}, {}, {"bloomberg"}}},
      {"according to Bloomberg",
       article("The deal collapsed, according to Bloomberg."),
       {{}, {}, {}, {}, {"bloomberg"}}},
      {"a name alone is not a citation",
       article("Michael Bloomberg donated to the charity."),
       {{}, {}, {}, {}, {}}},
      {"(AP)",
       article("KYIV, Ukraine (AP) \xE2\x80\x94 Sirens sounded across the city."),
       {{"kyiv"}, {"kyiv-city"}, {}, {"ukraine"}, {"associated-press"}}},
      {"the state news agency Tass",
       article("Putin's terms were reported by the Russian state news agency Tass."),
       {{}, {}, {"vladimir-putin"}, {"russia"}, {"tass"}}},
      {"the Associated Press",
       article("The Associated Press could not verify the claim."),
       {{}, {}, {}, {}, {"associated-press"}}},
      {"reported by Russian media is no agency, and the media are not the state",
       article("The proposal, reported by Russian media, was rejected."),
       {{}, {}, {}, {}, {}}},
      {"credits are agencies",
       article("The talks ended.", "", "", {"Reuters", "AP"}),
       {{}, {}, {}, {}, {"associated-press", "reuters"}}},
      // FACETS.md's own examples.
      {"Enerhodar and the Zaporizhzhia nuclear plant count for zaporizhzhia",
       article("Shelling hit Enerhodar near the Zaporizhzhia nuclear plant."),
       {{"zaporizhzhia"}, {"enerhodar", "zaporizhzhia-nuclear-plant"}, {}, {}, {}}},
      {"Moscow-based: a word after a capital makes it the city",
       article("A Moscow-based analyst disagreed."),
       {{}, {"moscow"}, {}, {}, {}}},
      {"a bloc that is the object of a demand is a party",
       article("Russia demands that Ukraine renounce NATO membership."),
       {{}, {}, {}, {"nato", "russia", "ukraine"}, {}, {"neutrality"}, {"russia/neutrality"}}},
      {"a UN agency acting on its own has its own id",
       article("The IAEA warned of a nuclear accident."),
       {{}, {}, {}, {"iaea"}, {}}},
      {"the U.N.'s agency is the agency, not the UN",
       article("The U.N.'s atomic energy agency warned of an accident."),
       {{}, {}, {}, {"iaea"}, {}}},
      {"a person gives the party of their affiliation",
       article("Marco Rubio met European diplomats."),
       {{}, {}, {"marco-rubio"}, {"united-states"}, {}}},
      {"the White House and Brussels are their governments",
       article("The White House and Brussels welcomed the plan."),
       {{}, {}, {}, {"european-union", "united-states"}, {}}},
      {"a venue abroad where the diplomacy happens is a place",
       article("NATO foreign ministers met in Vilnius."),
       {{}, {"vilnius"}, {}, {"nato"}, {}}},
      {"spelling variants Donbass, Odessa, Nikolaev",
       article("Shelling went on in Donbass, Odessa and Nikolaev."),
       {{"donbas", "mykolaiv", "odesa"}, {"mykolaiv-city", "odesa-city"}, {}, {}, {}}},
      {"thousands of Russians are people, not the state",
       article("Thousands of Russians fled abroad."),
       {{}, {}, {}, {}, {}}},
      {"Russian speakers are a language group, not the state",
       article("Russian speakers live in the east."),
       {{}, {}, {}, {}, {}}},
      {"a curly possessive surname names the person",
       article("Zelenskyy\xE2\x80\x99s office rejected the plan."),
       {{}, {}, {"volodymyr-zelensky"}, {"ukraine"}, {}}},
      // Where a state or bloc is named but does not act.
      {"a past office: the bloc does not act",
       article("A former NATO commander said Russia could escalate."),
       {{}, {}, {}, {"russia"}, {}}},
      {"the other side of a strained relation does not act",
       article("The president faced tensions with Iran and a trade war with China."),
       {{}, {}, {}, {}, {}}},
      {"states given as examples of a group do not act",
       article("Neutral countries, including Austria and Finland, keep armies."),
       {{}, {}, {}, {}, {}}},
      {"the same states acting are parties",
       article("Austria and Finland keep armies."),
       {{}, {}, {}, {"austria", "finland"}, {}}},
      {"a venue in a list makes the list's capitals cities",
       article("Warsaw, Budapest, Istanbul: we proposed all of them."),
       {{}, {"budapest", "istanbul", "warsaw"}, {}, {}, {}}},
      {"an envoy to a capital: the host is a location",
       article("Moscow's envoy to London spoke."),
       {{}, {"london"}, {}, {"russia"}, {}}},
      {"in the UK: a location", article("In the UK, prices rose."), {{}, {}, {}, {}, {}}},
      {"the President of Russia is Russia, not the Kremlin's website",
       article("The President of Russia signed the decree."),
       {{}, {}, {}, {"russia"}, {}}},
      {"a state of history is not today's state",
       article("Nazi Germany was defeated in 1945."),
       {{}, {}, {}, {}, {}}},
      {"a divided Korea as a model for Ukraine is a comparison, not Korea acting",
       article("Putin wants to split Ukraine in two, like North and South Korea, a military "
               "official has claimed."),
       {{}, {}, {"vladimir-putin"}, {"russia", "ukraine"}, {}}},
      {"the Minsk Group and the Congress of Vienna name neither Belarus nor Austria",
       article("The OSCE Minsk Group met, as at the Congress of Vienna."),
       {{}, {}, {}, {"osce"}, {}}},
      {"the Minsk package is an agreement, not Belarus or Minsk",
       article("Kiev must fulfil the Minsk Package of Measures."),
       {{}, {}, {}, {"ukraine"}, {}}},
      {"a state's media and news outlets are not the state",
       article("He told German media and French news outlets the talks had stalled."),
       {{}, {}, {}, {}, {}}},
      {"a Polish daily is a newspaper, not the state",
       article("He spoke to the Polish daily Wyborcza."),
       {{}, {}, {}, {}, {}}},
      {"a state's adjective inside an institution's name names no actor",
       article("The Syrian American Medical Society said the hospital was hit."),
       {{}, {}, {}, {}, {}}},
      {"a capital inside an institution's name is neither the city nor the government",
       article("A professor at King's College London disagreed."),
       {{}, {}, {}, {}, {}}},
      {"a state's ministry is the state, not an institution of its own",
       article("The Russian Defence Ministry said the strike hit."),
       {{}, {}, {}, {"russia"}, {}}},
      {"citizens of states are private people, not the states",
       article("Police arrested citizens of Armenia and Georgia."),
       {{}, {}, {}, {}, {}}},
      {"private people from states are not the states",
       article("The games barred athletes from Belarus and Iran."),
       {{}, {}, {}, {}, {}}},
      {"mercenaries are private people",
       article("Polish mercenaries were reported near the city."),
       {{}, {}, {}, {}, {}}},
      {"the same states acting are parties",
       article("Armenia and Georgia arrested the suspects."),
       {{}, {}, {}, {"armenia", "georgia"}, {}}},
      {"states named in a comparison do not act",
       article("Negotiators discussed a status similar to that of Austria or Sweden."),
       {{}, {}, {}, {}, {}}},
      {"adjectives on a comparison noun do not act, across a list",
       article("Kyiv offered an Austrian or Swedish version of neutrality."),
       {{}, {}, {}, {"ukraine"}, {}, {"neutrality"}, {"ukraine/neutrality"}}},
      {"states named as the members of a group do not act",
       article("NATO must withdraw from the Baltic countries of Latvia and Estonia."),
       {{}, {}, {}, {"nato"}, {}}},
      {"a strained relation covers the list it opens",
       article("Britain warned of tensions with Poland, NATO and the world."),
       {{}, {}, {}, {"united-kingdom"}, {}}},
      {"a state before -based is a location",
       article("The Britain-based observatory reported the strike."),
       {{}, {}, {}, {}, {}}},
      {"the capital named in apposition is the city",
       article("Russia struck the capital, Kyiv, at dawn."),
       {{"kyiv"}, {"kyiv-city"}, {}, {"russia", "ukraine"}, {}}},
      {"a capital that troops storm is the city",
       article("Russia failed in its attempt to storm Kyiv."),
       {{"kyiv"}, {"kyiv-city"}, {}, {"russia", "ukraine"}, {}}},
      {"names after 'regions' and a dash are the regions",
       article("Blackouts hit several regions \xE2\x80\x94 Chernihiv, Sumy and Kharkiv."),
       {{"chernihiv", "kharkiv", "sumy"}, {}, {}, {}, {}}},
      {"the governor of a region named like its city is the region's",
       article("Maksym Kozytskyi, governor of Lviv, said six people were hurt."),
       {{"lviv"}, {}, {"maksym-kozytskyi"}, {"ukraine"}, {}}},
      {"a region noun inside the last name's alias closes the list",
       article("Artillery hit the Kharkiv or Sumy region."),
       {{"kharkiv", "sumy"}, {}, {}, {}, {}}},
      {"a document named after a city is not the city",
       article("The Istanbul Charter sealed indivisible security."),
       {{}, {}, {}, {}, {}}},
      {"a state's adjective on where a thing was made is no actor",
       article("Iranian-made drones hit an Estonian-owned ship."),
       {{}, {}, {}, {}, {}}},
      {"states of the region's diplomacy beyond the ones FACETS.md names",
       article("Pakistan, Uzbekistan and the CSTO backed the talks."),
       {{}, {}, {}, {"csto", "pakistan", "uzbekistan"}, {}}},
      {"a part of another state and a Cold War crisis name no state",
       article("Northern Ireland's police recalled the Cuban Missile Crisis."),
       {{}, {}, {}, {}, {}}},
      {"the same state supplying acts",
       article("Iran supplied the drones."),
       {{}, {}, {}, {"iran"}, {}}},
      {"an adjective on where a thing was made, without the hyphen, is no actor either",
       article("Iranian made drones hit the ship."),
       {{}, {}, {}, {}, {}}},
      {"a state's name before \"made\" without a hyphen is the state acting",
       article("Iran made an offer to mediate."),
       {{}, {}, {}, {"iran"}, {}}},
      {"a demand the state made is its demand",
       article("Russia made demands. They include a commitment that Ukraine will never join NATO."),
       {{}, {}, {}, {"nato", "russia", "ukraine"}, {}, {"neutrality"}, {"russia/neutrality"}}},
      {"a distance from a state is a location",
       article("The strike hit Lviv, 40 miles from Poland."),
       {{"lviv"}, {"lviv-city"}, {}, {}, {}}},
      {"Minsk-3 is an agreement, not Belarus",
       article("Kyiv will not sign a Minsk-3."),
       {{}, {}, {}, {"ukraine"}, {}}},
      {"a religious title is a role, not part of the name",
       article("Ayatollah Ali Khamenei said so."),
       {{}, {}, {"ali-khamenei"}, {}, {}}},
      {"a patronymic is left out of the person's id",
       article("Marine Vitaliy Volodymyrovych Skakun blew up the bridge."),
       {{}, {}, {"vitaliy-skakun"}, {}, {}}},
      {"a link's code of letters and digits before a name is not part of it",
       article("See https://t.co/2XFKUJop0q Kurt Bardella said the riot was planned."),
       {{}, {}, {"kurt-bardella"}, {}, {}}},
      {"the members listed for a bloc do not act one by one",
       article("The G7, consisting of Canada, France and Japan, met."),
       {{}, {}, {}, {"g7"}, {}}},
      {"a group noun before a dash lists its members",
       article("The deal was signed with six powers - Britain, China and France."),
       {{}, {}, {}, {}, {}}},
      {"a capital's name on a document is neither city nor government",
       article("Russia must respect the Budapest Memorandum."),
       {{}, {}, {}, {"russia"}, {}}},
      {"pro- and anti- before a state name a stance, not the state acting",
       article("Pro-Russian hackers attacked the anti-American site."),
       {{}, {}, {}, {}, {}}},
      {"the border with a state is a location",
       article("Lviv is 50 miles from the border with Poland."),
       {{"lviv"}, {"lviv-city"}, {}, {}, {}}},
      {"a state after a town and a comma says where the town is",
       article("Protesters marched in Cologne, Germany."),
       {{}, {}, {}, {}, {}}},
      {"a state in a role before a name is whom the person acts for",
       article("Dutch Prime Minister Mark Rutte spoke."),
       {{}, {}, {"mark-rutte"}, {"netherlands"}, {}}},
      {"the person's own affiliation holds without such a role",
       article("Mark Rutte spoke."),
       {{}, {}, {"mark-rutte"}, {"nato"}, {}}},
      {"the United Nations refugee agency is UNHCR",
       article("The United Nations refugee agency said a million had fled."),
       {{}, {}, {}, {"unhcr"}, {}}},
      {"the United Nations High Commissioner and nuclear chief are the agencies, not the UN",
       article("The United Nations High Commissioner for Refugees and the U.N. nuclear chief "
               "spoke."),
       {{}, {}, {}, {"iaea", "unhcr"}, {}}},
      {"a state named as a threat someone else addresses does not act",
       article("The alliance looks to address challenges from China and the threat from Iran."),
       {{}, {}, {}, {}, {}}},
      {"human rights groups that document the war are no parties",
       article("Amnesty International and Human Rights Watch documented the strikes."),
       {{}, {}, {}, {}, {}}},
      {"a locative cue covers a list whose first items the gazetteer does not hold",
       article("He fought in Chechnya, Dagestan and Syria."),
       {{}, {}, {}, {}, {}}},
      {"a month before a comma starts no list of places",
       article("Back in March, Moscow and Kiev reached an agreement."),
       {{}, {}, {}, {"russia", "ukraine"}, {}}},
      {"troops deployed to or from a state: the states as locations",
       article("Helicopters deployed from Germany and Greece, and troops deployed to Romania."),
       {{}, {}, {}, {}, {}}},
      {"missiles fired from a state: the state as a location",
       article("Drones were fired from Belarus."),
       {{}, {}, {}, {}, {}}},
      {"an event named after a capital is neither the city nor the government",
       article("The invasion began after the Beijing Winter Olympics."),
       {{}, {}, {}, {}, {}}},
      {"a past employer is a past office",
       article("Capt Chris Carlson, formerly of the US Navy, said so."),
       {{}, {}, {"chris-carlson"}, {}, {}}},
      {"postwar Germany is history, not today's state",
       article("The trials of postwar Germany had two sides."),
       {{}, {}, {}, {}, {}}},
      {"a state's think-tank or TV channel is not the state",
       article("A US think-tank spoke to French TV channel TF1."),
       {{}, {}, {}, {}, {}}},
      {"a private person's noun opening the sentence is no part of the name",
       article("Pharmacist Kristina Burdiuk, 25, said she was offered money."),
       {{}, {}, {"kristina-burdiuk"}, {}, {}}},
      {"a clause after a name and a comma is no apposition",
       article("ABC reached the Richardson Center for Global Engagement, but a spokesperson "
               "declined to comment."),
       {{}, {}, {}, {}, {}}},
      {"a long story naming one warring side once in passing is no war article",
       article(long_story("Gas prices rose after Russia invaded Ukraine. Russia cut supplies.")),
       {{}, {}, {}, {"russia"}, {}}},
      {"a long story naming each warring side twice is a war article",
       article(long_story("Russia invaded Ukraine. Russia shelled Ukraine.")),
       {{}, {}, {}, {"russia", "ukraine"}, {}}},
      {"a state invaded or attacked does not act by that",
       article(
           long_story("Moscow's invasion of Georgia and the force against Belarus were recalled.")),
       {{}, {}, {}, {"russia"}, {}}},
      {"a bloc that says what the states named after it belong to does not act",
       article("NATO ally Turkey hosted the talks."),
       {{}, {}, {}, {"turkey"}, {}}},
      {"a state said in passing to be a member of a bloc: the bloc does not act",
       article("Turkey, a NATO member, hosted the talks."),
       {{}, {}, {}, {"turkey"}, {}}},
      {"states said not to be members of a bloc: the bloc does not act",
       article("Moldova and Georgia, which are not NATO members, protested."),
       {{}, {}, {}, {"georgia", "moldova"}, {}}},
      {"allies acting are the bloc acting",
       article("The US and its NATO allies rejected the demands."),
       {{}, {}, {}, {"nato", "united-states"}, {}}},
      {"the Security Council's permanent members are the states, not the UN",
       article("Kyiv wants the permanent members of the UN Security Council as guarantors."),
       {{}, {}, {}, {"ukraine"}, {}, {"security-guarantees"}, {"ukraine/security-guarantees"}}},
      {"an agency's head in an article that names the agency nowhere acts for the UN",
       article("Bachelet said civilians were killed."),
       {{}, {}, {"michelle-bachelet"}, {"united-nations"}, {}}},
      {"an agency's head with the agency named acts for the agency",
       article("UN High Commissioner for Human Rights Michelle Bachelet said civilians died."),
       {{}, {}, {"michelle-bachelet"}, {"ohchr"}, {}}},
      {"the longer name after \"the\" wins: the fund, not the United Nations",
       article("It was said by the United Nations Children's Fund on Monday."),
       {{}, {}, {}, {"unicef"}, {}}},
      {"membership stated as a fact: the bloc does not act",
       article("Estonia is a member of NATO, and Estonia protested."),
       {{}, {}, {}, {"estonia"}, {}}},
      {"a venue moved from: a location",
       article("The talks moved from Belarus to Turkey, which hosted them."),
       {{}, {}, {}, {"turkey"}, {}}},
      {"adversaries given as examples do not act",
       article("Threats come from adversaries like Iran and China."),
       {{}, {}, {}, {}, {}}},
      {"major players given as examples do not act",
       article("It needs the major players, including China and the US."),
       {{}, {}, {}, {}, {}}},
      {"a fund named after a state is an institution",
       article("The German Marshall Fund hosted a roundtable."),
       {{}, {}, {}, {}, {}}},
      {"a state's envoy to a bloc acts for the state, not the bloc",
       article("Ukraine's U.N. envoy spoke."),
       {{}, {}, {}, {"ukraine"}, {}}},
      {"a bloc's own envoy is the bloc",
       article("The U.N. envoy spoke."),
       {{}, {}, {}, {"united-nations"}, {}}},
      {"a state after a known town and a comma names where the town is",
       article("He reported from Rzeszow, Poland."),
       {{}, {"rzeszow"}, {}, {}, {}}},
      {"a state after a town and a comma that goes on acts",
       article("Russia holds Sievierodonetsk, the UK ministry of defence said."),
       {{"luhansk", "donbas"}, {"sievierodonetsk"}, {}, {"russia", "united-kingdom"}, {}}},
      {"a direction or neighbour word between a locative cue and a state keeps it a location",
       article("The talks were held in central Romania, near neighbouring Moldova."),
       {{}, {}, {}, {}, {}}},
      {"where troops are sent is a location",
       article("France is ready to send troops to Romania. Britain moved forces into Estonia."),
       {{}, {}, {}, {"france", "united-kingdom"}, {}}},
      {"the territory of a state is a location",
       article("Missiles were fired from the territory of Belarus, troops entering from Moldova."),
       {{}, {}, {}, {}, {}}},
      {"a state with a neighbour word and no cue acts",
       article("Neighbouring Poland said it would send aid."),
       {{}, {}, {}, {"poland"}, {}}},
      {"a capital a report was filed from is the city",
       article("He contributed to this report from Tallinn, Estonia."),
       {{}, {"tallinn"}, {}, {}, {}}},
      {"a person acts for the party they served when the article was written",
       dated(article("Prime Minister Kaja Kallas said more help was needed."), "2022-03-01"),
       {{}, {}, {"kaja-kallas"}, {"estonia"}, {}}},
      {"a person acts for their current party in a later article",
       dated(article("Kaja Kallas said more help was needed."), "2025-03-01"),
       {{}, {}, {"kaja-kallas"}, {"european-union"}, {}}},
      {"a possessive ends a locative list",
       article("Talks were held in Belarus and Turkey's president spoke."),
       {{}, {}, {}, {"turkey"}, {}}},
  };
  for (const Row& r : rows) {
    CAPTURE(r.rule, r.in.title, r.in.body);
    check_facets(analyse(r.in), r.want);
  }
}

TEST_CASE("analyse: the source is the outlet's gazetteer id, or its name slugged", "[analyse]") {
  Article a = article("Nothing here.");
  a.source = "NYT";
  CHECK(analyse(a)[Facet::kSource] == Ids{"new-york-times"});
  a.source = "Scoop Hub";
  CHECK(analyse(a)[Facet::kSource] == Ids{"scoop-hub"});
  a.source = "Some Local Paper";
  CHECK(analyse(a)[Facet::kSource] == Ids{"some-local-paper"});
}

TEST_CASE("analyse: agency_id maps credited names", "[analyse]") {
  CHECK(agency_id("Associated Press") == "associated-press");
  CHECK(agency_id("AP") == "associated-press");
  CHECK(agency_id("Agence France-Presse") == "afp");
  CHECK(agency_id("Some Wire") == "some-wire");
}

// The seed articles against their gold values (copied from the project's seed-gold.jsonl for
// region, place, person, party, agency, demand and demand_by).
TEST_CASE("analyse: the seed corpus matches its gold facets exactly", "[analyse][seed]") {
  struct Gold {
    const char* file;
    Expected want;
  };
  const Gold gold[] = {
      {"000_1ab1a1e8cfb25cf6.txt",
       {{"donetsk", "luhansk", "kherson", "zaporizhzhia", "crimea", "donbas"},
        {"istanbul"},
        {"dmitry-peskov", "donald-trump", "steve-witkoff", "vladimir-putin"},
        {"russia", "ukraine", "united-states"},
        {"reuters"},
        {"territorial-withdrawal", "ceasefire", "recognition-of-annexation", "neutrality",
         "demilitarization", "no-foreign-troops", "reparations", "prisoner-exchange"},
        {"russia/territorial-withdrawal", "russia/ceasefire", "russia/recognition-of-annexation",
         "russia/neutrality", "russia/demilitarization", "russia/no-foreign-troops",
         "russia/reparations", "russia/prisoner-exchange", "ukraine/prisoner-exchange",
         "united-states/ceasefire", "united-states/recognition-of-annexation",
         "united-states/reparations"}}},
      {"001_c333ee95ef820b2f.txt",
       {{"crimea", "luhansk", "donetsk", "zaporizhzhia", "kherson", "donbas"},
        {"istanbul"},
        {"donald-trump", "rustem-umerov", "volodymyr-zelensky", "vladimir-putin",
         "vladimir-medinsky", "recep-tayyip-erdogan"},
        {"russia", "ukraine", "united-states", "nato", "turkey"},
        {"reuters"},
        {"recognition-of-annexation", "territorial-withdrawal", "neutrality", "demilitarization",
         "language-and-minority-rights", "denazification", "halt-military-aid",
         "elections-and-government", "ceasefire", "prisoner-exchange", "return-of-children",
         "reparations"},
        {"russia/recognition-of-annexation", "russia/territorial-withdrawal", "russia/neutrality",
         "russia/demilitarization", "russia/language-and-minority-rights", "russia/denazification",
         "russia/halt-military-aid", "russia/elections-and-government", "russia/ceasefire",
         "russia/prisoner-exchange", "ukraine/prisoner-exchange", "ukraine/ceasefire",
         "ukraine/return-of-children", "ukraine/reparations"}}},
      {"002_518838d92e935527.txt",
       {{"crimea", "zaporizhzhia", "donetsk", "donbas", "belgorod"},
        {"moscow", "belgorod-city"},
        {"dmitry-peskov", "volodymyr-zelensky", "nina-khrushcheva"},
        {"russia", "ukraine", "united-states", "european-union", "united-nations", "turkey"},
        {"reuters"},
        {"territorial-withdrawal", "ceasefire", "recognition-of-annexation", "russian-withdrawal"},
        {"russia/territorial-withdrawal", "russia/ceasefire", "russia/recognition-of-annexation",
         "ukraine/russian-withdrawal", "united-nations/ceasefire"}}},
      {"003_31b07caf7277be3d.txt",
       {{"crimea"},
        {"moscow", "riyadh", "geneva"},
        {"dmitry-peskov", "marco-rubio", "volodymyr-zelensky", "joe-biden"},
        {"russia", "united-states", "ukraine", "nato"},
        {},
        {"recognition-of-annexation", "neutrality", "nato-rollback", "sanctions-relief",
         "no-foreign-troops", "elections-and-government", "ceasefire", "russian-withdrawal",
         "reparations"},
        {"russia/recognition-of-annexation", "russia/neutrality", "russia/nato-rollback",
         "russia/sanctions-relief", "russia/no-foreign-troops", "russia/elections-and-government",
         "united-states/ceasefire", "ukraine/russian-withdrawal", "ukraine/reparations"}}},
      {"004_de9879953fbf6be7.txt",
       {{"donetsk", "luhansk", "zaporizhzhia", "kherson", "crimea", "donbas"},
        {},
        {"vladimir-putin", "volodymyr-zelensky"},
        {"russia", "ukraine", "nato"},
        {"tass"},
        {"territorial-withdrawal", "neutrality", "ceasefire", "russian-withdrawal"},
        {"russia/territorial-withdrawal", "russia/neutrality", "russia/ceasefire",
         "ukraine/russian-withdrawal"}}},
  };
  for (const Gold& g : gold) {
    CAPTURE(g.file);
    std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/corpus/" + g.file, std::ios::binary);
    REQUIRE(in);
    std::stringstream bytes;
    bytes << in.rdbuf();
    ReadResult r = read_articles(g.file, Format::kText, bytes.str());
    REQUIRE(r.error.empty());
    REQUIRE(r.articles.size() == 1);
    check_facets(analyse(r.articles[0]), g.want);
  }
}

TEST_CASE("analyse: person ids that spell one name two ways", "[analyse]") {
  CHECK(same_name("oleksander-chaly", "oleksandr-chalyi"));
  CHECK(same_name("fedor-lukyanov", "fyodor-lukyanov"));
  CHECK(same_name("michael-shwirtz", "michael-schwirtz"));
  CHECK_FALSE(same_name("john-smith", "ivan-petrov"));
  CHECK_FALSE(same_name("oleksandr-chalyi", "oleksandr-striuk"));
  const Entity* ushakov = known_person("yury-ushakov");
  REQUIRE(ushakov != nullptr);
  CHECK(ushakov->id == "yuri-ushakov");
  CHECK(known_person("nobody-anyone") == nullptr);
  CHECK(known_person("ushakov") == nullptr);
}
