/*
 * The demo authority's places and people.  All fictional: Kingsmere is
 * not a real local authority, KM is not a real postcode area, and names
 * are drawn independently from long lists of common forenames and
 * surnames, so no record describes a real child.
 */
#include <stdio.h>
#include <string.h>

#include "demo/demo_internal.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Deciles lean deprived, as in many urban authorities; EAL shares vary. */
const struct demo_area demo_areas[] = {
	{ "Kingsmere Central", 1, 3, 0.42 },
	{ "Kingsmere North", 2, 3, 0.30 },
	{ "Kingsmere Docks", 1, 2, 0.35 },
	{ "Ashby Vale", 7, 2, 0.10 },
	{ "Brackenford", 3, 2, 0.22 },
	{ "Calder Heath", 8, 1, 0.06 },
	{ "Dunmoor", 2, 2, 0.12 },
	{ "Eastwick", 4, 2, 0.25 },
	{ "Fellbrook", 9, 1, 0.05 },
	{ "Greyhallow", 3, 2, 0.18 },
	{ "Hartlemere", 6, 1, 0.09 },
	{ "Ironbridge Fields", 2, 2, 0.28 },
	{ "Larkholme", 10, 1, 0.04 },
	{ "Millbeck", 5, 2, 0.14 },
	{ "Northam Green", 6, 2, 0.11 },
	{ "Oakridge", 8, 1, 0.07 },
	{ "Saltings", 1, 1, 0.08 },
	{ "Thornbury Moor", 4, 1, 0.10 },
};
const int demo_nr_areas = COUNT(demo_areas);

const char *const demo_girls[] = {
	"Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella",
	"Rosie", "Sophia", "Grace", "Willow", "Freya", "Evie", "Poppy", "Ella",
	"Aisha", "Zara", "Maryam", "Priya", "Anaya", "Hannah", "Chloe", "Ruby",
	"Daisy", "Phoebe", "Sienna", "Matilda", "Harper", "Layla", "Fatima",
	"Hafsa", "Khadija", "Amira", "Noor", "Inaaya", "Simran", "Jasleen",
	"Harleen", "Kiran", "Lena", "Zofia", "Maja", "Oliwia", "Julia", "Amara",
	"Efua", "Adaeze", "Chiamaka", "Ama", "Keira", "Megan", "Bethany",
	"Jessica", "Lacey", "Courtney", "Niamh", "Aoife", "Erin", "Eilidh",
	"Thea", "Esme", "Florence", "Mabel", "Elsie", "Nancy", "Maeve", "Ada",
	"Leah", "Tia", "Jada", "Precious", "Imani", "Ioana", "Elena", "Bianca",
	"Chen", "Mei", "Linh", "Yasmin", "Hiba", "Sumayyah", "Mariam", "Aleena",
};
const int demo_nr_girls = COUNT(demo_girls);

const char *const demo_boys[] = {
	"Noah", "Oliver", "George", "Arthur", "Leo", "Harry", "Oscar", "Archie",
	"Henry", "Theo", "Jack", "Charlie", "Freddie", "Alfie", "Finley",
	"Muhammad", "Yusuf", "Ibrahim", "Arjun", "Kai", "Mason", "Logan",
	"Reuben", "Tomasz", "Jakub", "Chidi", "Kofi", "Mateo", "Elijah",
	"Jacob", "Thomas", "Joshua", "Riley", "Tyler", "Kayden", "Bailey",
	"Harvey", "Jenson", "Ronnie", "Tommy", "Albie", "Louie", "Rory",
	"Cian", "Callum", "Owen", "Rhys", "Dylan", "Ayaan", "Zayn", "Rayyan",
	"Hamza", "Idris", "Bilal", "Omar", "Aarav", "Vihaan", "Gurveer",
	"Harjot", "Rohan", "Filip", "Szymon", "Antoni", "Luca", "Andrei",
	"Darius", "Emeka", "Tobenna", "Kwame", "Femi", "Malachi", "Isaiah",
	"Jayden", "Xavier", "Minh", "Wei", "Samuel", "Ezra", "Jude", "Stanley",
	"Hugo", "Frankie", "Lewis", "Connor",
};
const int demo_nr_boys = COUNT(demo_boys);

const char *const demo_surnames[] = {
	"Ashworth", "Bramley", "Calloway", "Dunmore", "Ellery", "Fairbairn",
	"Garside", "Holloway", "Ingleby", "Jessop", "Kershaw", "Lindqvist",
	"Marsden", "Nettleton", "Oyelaran", "Pickering", "Quarmby", "Rowbotham",
	"Sutcliffe", "Thackeray", "Umeh", "Varley", "Whitaker", "Yeadon",
	"Akhtar", "Begum", "Chowdhury", "Dabrowski", "Eze", "Farouk", "Gill",
	"Hussain", "Iqbal", "Kowalczyk", "Mensah", "Nowak", "Okafor", "Patel",
	"Rahman", "Sandhu", "Tran", "Wojcik", "Clegg", "Brearley", "Haigh",
	"Ogden", "Pennington", "Sowerby", "Barraclough", "Crowther", "Dobson",
	"Entwistle", "Fieldhouse", "Greenwood", "Hepworth", "Illingworth",
	"Jagger", "Lumb", "Moorhouse", "Naylor", "Oldroyd", "Pollard",
	"Ramsden", "Shackleton", "Tattersall", "Uttley", "Walmsley", "Ackroyd",
	"Binns", "Cawthorne", "Dyson", "Firth", "Gledhill", "Hinchliffe",
	"Kaur", "Singh", "Mahmood", "Bibi", "Ali", "Khan", "Sharma", "Mistry",
	"Chauhan", "Parmar", "Adeyemi", "Boateng", "Nwosu", "Owusu", "Asante",
	"Kaminski", "Lewandowski", "Popescu", "Ionescu", "Nguyen", "Le",
	"Wong", "Murphy", "Byrne", "Doherty", "Gallagher", "Quinn", "Reilly",
	"Evans", "Hughes", "Pryce", "Morgan", "Fraser", "McLeod", "Henderson",
	"Campbell", "Wainwright", "Holroyd", "Redfearn", "Sugden", "Beaumont",
	"Armitage", "Broadbent", "Hirst", "Lockwood", "Stansfield", "Turton",
};
const int demo_nr_surnames = COUNT(demo_surnames);

const char demo_postcode_letters[] = "ABDEFGHJLNPQRSTUWXYZ";

/* Local-sounding place words for school names. */
static const char *const places[] = {
	"Meadowbank", "Brookside", "Hollins Lane", "Rowan Park", "Castle Hill",
	"Westfield", "Oakwood", "Fernlea", "Highfield", "Moorside", "Larchwood",
	"Springbank", "Bankfield", "Greenacres", "Netherbrook", "Copley Mill",
	"Birchfield", "Hawthorn", "Lingfield", "Stonecroft", "Woodhouse",
	"Heathfield", "Kestrel Way", "Bridgewater", "Ashgrove", "Cherry Tree",
	"Lime Street", "Foxhill", "Sandy Lane", "Riverside", "Willowbrook",
	"Old Mill", "Beechwood", "Holme Park", "Low Moor", "Elmwood",
	"Tanner's Row", "Hilltop", "Wharfside", "Crossley", "Grange Road",
	"Spinney", "Clifton Rise", "Marlpit", "Priory", "Ferncliffe",
};

static const char *const saints[] = {
	"St Aidan's", "St Hilda's", "St Oswald's", "St Bede's", "St Cuthbert's",
	"St Wilfrid's", "St Chad's", "St Anne's", "St Mary's", "St Paul's",
	"St Peter's", "St Michael's", "St John's", "St Joseph's", "St Luke's",
	"St Margaret's", "St Columba's", "St Patrick's", "St Bartholomew's",
};

static bool name_taken(const struct demo *d, const char *name)
{
	for (int i = 0; i < d->school_names_used; i++)
		if (!strcmp(d->schools[i].name, name))
			return true;
	return false;
}

static void candidate(struct demo *d, const struct demo_school *s, int index,
		      char *out, size_t size)
{
	struct demo_rng *r = &d->rng;
	const char *area = demo_areas[s->area].name;
	const char *place = places[demo_below(r, COUNT(places))];
	const char *saint = saints[demo_below(r, COUNT(saints))];

	switch (s->phase) {
	case PHASE_PRIMARY:
		switch (demo_below(r, 9)) {
		case 0: snprintf(out, size, "%s Primary School", area); break;
		case 1: snprintf(out, size, "%s CE Primary School", saint); break;
		case 2: snprintf(out, size, "%s Catholic Primary School", saint); break;
		case 3: snprintf(out, size, "%s Community Primary School", place); break;
		case 4: snprintf(out, size, "%s Primary Academy", place); break;
		case 5: snprintf(out, size, "%s Methodist Primary School", area); break;
		case 6: snprintf(out, size, "%s Nursery and Primary School", place); break;
		default: snprintf(out, size, "%s Primary School", place);
		}
		break;
	case PHASE_SECONDARY:
		switch (index == 3 ? 6 : demo_below(r, 6)) {
		case 0: snprintf(out, size, "%s Academy", area); break;
		case 1: snprintf(out, size, "%s High School", area); break;
		case 2: snprintf(out, size, "%s Catholic High School", saint); break;
		case 3: snprintf(out, size, "%s Community College", area); break;
		case 4: snprintf(out, size, "%s School", place); break;
		case 5: snprintf(out, size, "%s Academy", place); break;
		default: snprintf(out, size, "Kingsmere Grammar School");
		}
		break;
	case PHASE_SPECIAL:
		switch (demo_below(r, 3)) {
		case 0: snprintf(out, size, "%s School", place); break;
		case 1: snprintf(out, size, "%s Special School", place); break;
		default: snprintf(out, size, "%s Specialist Learning Centre", area);
		}
		break;
	default:
		switch (index == 0 ? 0 : demo_below(r, 3)) {
		case 0: snprintf(out, size, "Kingsmere Pupil Referral Unit"); break;
		case 1: snprintf(out, size, "%s Learning Centre", area); break;
		default: snprintf(out, size, "%s Tuition Centre", place);
		}
	}
}

void demo_name_school(struct demo *d, struct demo_school *s, int index)
{
	char name[sizeof(s->name)];

	for (int tries = 0; tries < 40; tries++) {
		candidate(d, s, index, name, sizeof(name));
		if (!name_taken(d, name))
			goto done;
	}
	for (int n = 2;; n++) {
		size_t len;

		candidate(d, s, index, name, sizeof(name));
		len = strlen(name);
		snprintf(name + len, sizeof(name) - len, " (%s %d)",
			 demo_areas[s->area].name, n);
		if (!name_taken(d, name))
			break;
	}
done:
	memcpy(s->name, name, sizeof(name));
	d->school_names_used++;
}
