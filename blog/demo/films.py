"""Demo data: the films, the people in them, the tags and how each review is presented.

Facts (dates, runtimes, ids, links, trailers) are kept only where they were checked; anything
unsure is left empty. Review bodies live in ``reviews_text``; comment threads in ``comments``.
"""
from datetime import date, datetime, timezone

from blog.models import TagKind

UTC = timezone.utc

# Published marks a visible review at a fixed time; DRAFT and SCHEDULED are resolved at load time.
DRAFT = "draft"
SCHEDULED = "scheduled"

AUTHOR = {
    "display_name": "Nell Marchetti",
    "email": "critic@example.com",
    "bio": ("Nell Marchetti has been writing about films since the days of rented videotapes. "
            "She likes long takes, short running times and arguing about endings."),
}

WATCH_SERVICES = {
    "Apple TV": "https://tv.apple.com/",
    "BFI Player": "https://player.bfi.org.uk/",
    "Criterion Channel": "https://www.criterionchannel.com/",
    "Disney+": "https://www.disneyplus.com/",
    "MUBI": "https://mubi.com/",
    "Netflix": "https://www.netflix.com/",
    "Prime Video": "https://www.primevideo.com/",
}

TAGS = [
    ("Drama", TagKind.GENRE), ("Thriller", TagKind.GENRE), ("Film noir", TagKind.GENRE),
    ("Romance", TagKind.GENRE), ("Action", TagKind.GENRE), ("Mystery", TagKind.GENRE),
    ("Crime", TagKind.GENRE), ("Animation", TagKind.GENRE), ("Fantasy", TagKind.GENRE),
    ("Comedy", TagKind.GENRE), ("Science fiction", TagKind.GENRE), ("Horror", TagKind.GENRE),
    ("Family", TagKind.GENRE),
    ("1940s", TagKind.DECADE), ("1950s", TagKind.DECADE), ("1970s", TagKind.DECADE),
    ("2000s", TagKind.DECADE), ("2010s", TagKind.DECADE),
    ("Alfred Hitchcock", TagKind.PERSON), ("James Stewart", TagKind.PERSON),
    ("Akira Kurosawa", TagKind.PERSON), ("Bong Joon-ho", TagKind.PERSON),
    ("Obsession", TagKind.THEME), ("Class", TagKind.THEME), ("Memory", TagKind.THEME),
    ("Grief", TagKind.THEME), ("Language", TagKind.THEME), ("Survival", TagKind.THEME),
    ("Desire", TagKind.THEME), ("Loneliness", TagKind.THEME), ("Corruption", TagKind.THEME),
    ("Coming of age", TagKind.THEME), ("War and its aftermath", TagKind.THEME),
    ("Kindness", TagKind.THEME),
    ("Black and white", TagKind.OTHER), ("Best Picture winners", TagKind.OTHER),
    ("Palme d'Or winners", TagKind.OTHER), ("Studio Ghibli", TagKind.OTHER),
    ("Rewatch", TagKind.OTHER),
]

# name: (short bio, IMDb person id only where it was checked)
PEOPLE = {
    "Carol Reed": ("English director who made some of the finest British films of the 1940s, "
                   "from Odd Man Out to The Third Man. He later won an Academy Award for the "
                   "musical Oliver!", "nm0715346"),
    "Graham Greene": ("English novelist whose books, from Brighton Rock to The Quiet American, "
                      "turn on faith, guilt and politics. He wrote several screenplays, the most "
                      "famous being The Third Man.", None),
    "Joseph Cotten": ("American actor who came to film with Orson Welles's Mercury Theatre. He "
                      "brought a likeable, slightly bewildered decency to Citizen Kane and "
                      "Shadow of a Doubt.", None),
    "Alida Valli": ("Italian actress, a major star at home before she worked in Hollywood and "
                    "Britain. Later she appeared in films by Bernardo Bertolucci and Dario "
                    "Argento.", None),
    "Orson Welles": ("American director, actor and radio star who made Citizen Kane at "
                     "twenty-five. His performances for other directors are often as "
                     "memorable as his own films.", "nm0000080"),
    "Trevor Howard": ("English actor best remembered for Brief Encounter, and a specialist in "
                      "clipped, decent, quietly tired men.", None),
    "Michael Curtiz": ("Hungarian-born director who worked at a tremendous pace for Warner "
                       "Bros., from swashbucklers to melodramas. He won an Academy Award for "
                       "directing Casablanca.", "nm0002031"),
    "Julius J. Epstein": ("American screenwriter who wrote with his twin brother Philip at "
                          "Warner Bros.; the brothers shared an Academy Award for "
                          "Casablanca.", None),
    "Philip G. Epstein": ("American screenwriter and twin of Julius Epstein, with whom he wrote "
                          "many of the studio's wittiest scripts.", None),
    "Howard Koch": ("American screenwriter who also wrote the 1938 radio version of The War of "
                    "the Worlds for Orson Welles.", None),
    "Humphrey Bogart": ("American actor who moved from gangsters to romantic leads in the early "
                        "1940s; his weary cool defined the Hollywood hero of his time.", None),
    "Ingrid Bergman": ("Swedish actress who became one of Hollywood's biggest stars of the "
                       "1940s and won three Academy Awards over a long international "
                       "career.", None),
    "Paul Henreid": ("Austrian-born actor who played suave Europeans in 1940s Hollywood and "
                     "later directed for television.", None),
    "Claude Rains": ("English actor with one of the great voices in cinema, four times "
                     "nominated for an Academy Award for supporting roles.", None),
    "Akira Kurosawa": ("Japanese director whose films, from Rashomon on, introduced much of the "
                       "world to Japanese cinema. His samurai epics have been remade and "
                       "borrowed from ever since.", "nm0000041"),
    "Shinobu Hashimoto": ("Japanese screenwriter who co-wrote several of Kurosawa's finest "
                          "films, beginning with Rashomon.", None),
    "Hideo Oguni": ("Japanese screenwriter and one of Kurosawa's most regular collaborators "
                    "over several decades.", None),
    "Takashi Shimura": ("Japanese actor in many of Kurosawa's films, often as a wise older man; "
                        "his lead in Ikiru is one of the great performances of Japanese "
                        "cinema.", None),
    "Toshiro Mifune": ("Japanese actor whose explosive energy made him an international star. "
                       "He made sixteen films with Akira Kurosawa.", "nm0001536"),
    "Seiji Miyaguchi": ("Japanese actor known for stern, economical performances, above all as "
                        "the silent master swordsman of Seven Samurai.", None),
    "Alfred Hitchcock": ("English director who moved to Hollywood in 1939 and became the most "
                         "famous film-maker in the world, turning suspense into an art "
                         "form.", "nm0000033"),
    "Alec Coppel": ("Australian-born playwright and screenwriter who worked in Britain and "
                    "Hollywood and co-wrote Vertigo.", None),
    "Samuel A. Taylor": ("American playwright and screenwriter whose play Sabrina Fair became "
                         "Billy Wilder's Sabrina.", None),
    "James Stewart": ("American actor whose gentle drawl made him the screen's favourite decent "
                      "man; his Westerns and Hitchcock films showed a much darker side.",
                      "nm0000071"),
    "Kim Novak": ("American actress and a leading Columbia star of the 1950s, whose double role "
                  "in Vertigo is now counted among the great screen performances.", None),
    "Barbara Bel Geddes": ("American actress of stage and screen, later famous on television as "
                           "Miss Ellie in Dallas.", None),
    "John Michael Hayes": ("American screenwriter who wrote four films for Hitchcock in the "
                           "1950s, beginning with Rear Window.", None),
    "Grace Kelly": ("American actress who starred in three Hitchcock films before leaving "
                    "acting to become Princess of Monaco.", None),
    "Thelma Ritter": ("American character actress with a sharp tongue and perfect timing, "
                      "nominated six times for an Academy Award.", None),
    "Raymond Burr": ("Canadian actor who played many screen villains before becoming a "
                     "television star as the lawyer Perry Mason.", None),
    "Roman Polanski": ("Polish-French director whose films, including Knife in the Water and "
                       "Rosemary's Baby, deal in paranoia, isolation and menace.", "nm0000591"),
    "Robert Towne": ("American screenwriter and celebrated script doctor whose Chinatown "
                     "screenplay won the Academy Award.", None),
    "Jack Nicholson": ("American actor whose sly grin and sudden fury made him the defining "
                       "star of 1970s Hollywood.", None),
    "Faye Dunaway": ("American actress who rose to fame with Bonnie and Clyde and won an "
                     "Academy Award for Network.", None),
    "John Huston": ("American director of The Maltese Falcon and The Treasure of the Sierra "
                    "Madre, and an imposing actor when he chose to be.", "nm0001379"),
    "Hayao Miyazaki": ("Japanese animator and co-founder of Studio Ghibli, whose films combine "
                       "flying machines, ecological worry and heroines who save "
                       "themselves.", "nm0594503"),
    "Rumi Hiiragi": ("Japanese actress who voiced Chihiro in Spirited Away as a young "
                     "teenager.", None),
    "Miyu Irino": ("Japanese actor and voice actor who has worked in animation since "
                   "childhood.", None),
    "Mari Natsuki": ("Japanese singer and actress who voices both the witch Yubaba and her twin "
                     "sister Zeniba.", None),
    "Bong Joon-ho": ("South Korean director whose films mix genres, black comedy and sharp "
                     "social observation. Parasite won the Palme d'Or and the Academy Award "
                     "for Best Picture.", "nm0094435"),
    "Han Jin-won": ("South Korean screenwriter who co-wrote Parasite with Bong Joon-ho and "
                    "shared its Academy Award for original screenplay.", None),
    "Song Kang-ho": ("One of South Korea's most celebrated actors and Bong Joon-ho's most "
                     "frequent lead, from Memories of Murder to Parasite.", "nm0814280"),
    "Lee Sun-kyun": ("South Korean actor known for his distinctive voice, in film and "
                     "television, from Hong Sang-soo's comedies to Parasite.", None),
    "Choi Woo-shik": ("South Korean actor who played the ambitious son Ki-woo in Parasite after "
                      "a small part in Bong's Okja.", None),
    "Park So-dam": ("South Korean actress whose deadpan Ki-jung is one of the pleasures of "
                    "Parasite.", None),
    "Shim Sung-bo": ("South Korean screenwriter who co-wrote Memories of Murder and later "
                     "directed Haemoo.", None),
    "Kim Sang-kyung": ("South Korean actor known for his films with Hong Sang-soo and his cool, "
                       "controlled detective in Memories of Murder.", None),
    "Kim Roi-ha": ("South Korean character actor with a long career in supporting roles.",
                   None),
    "George Miller": ("Australian director and former doctor who created Mad Max, and who also "
                      "made the animated Happy Feet.", "nm0004306"),
    "Brendan McCarthy": ("British comics artist and writer who spent years designing the world "
                         "of Fury Road with George Miller.", None),
    "Nico Lathouris": ("Australian actor and writer who co-wrote Mad Max: Fury Road.", None),
    "Tom Hardy": ("English actor known for intensely physical performances, from Bronson to "
                  "Fury Road.", None),
    "Charlize Theron": ("South African-born actress who won an Academy Award for Monster; her "
                        "Furiosa is one of the great action heroes of the century.", None),
    "Nicholas Hoult": ("English actor who began as a child in About a Boy and grew into a "
                       "versatile lead.", None),
    "Hugh Keays-Byrne": ("British-born Australian actor who played villains in both the first "
                         "Mad Max and Fury Road.", None),
    "Wong Kar-wai": ("Hong Kong director of romantic, elliptical films such as Chungking "
                     "Express and 2046, often shot without a finished script.", "nm0939182"),
    "Tony Leung Chiu-wai": ("Hong Kong actor and one of Asia's most admired stars; he won the "
                            "best actor prize at Cannes for In the Mood for Love.", None),
    "Maggie Cheung": ("Hong Kong actress whose roles range from Jackie Chan action comedies to "
                      "Olivier Assayas's Irma Vep.", None),
    "Ridley Scott": ("English director with a painter's eye for design, whose films include "
                     "Blade Runner, Thelma & Louise and Gladiator.", "nm0000631"),
    "Dan O'Bannon": ("American screenwriter who co-wrote Dark Star with John Carpenter before "
                     "writing Alien.", None),
    "Sigourney Weaver": ("American actress who became a star as Ellen Ripley and played her in "
                         "four Alien films.", None),
    "Tom Skerritt": ("American actor with a long career in film and television, from M*A*S*H "
                     "to Top Gun.", None),
    "John Hurt": ("English actor of great range, from The Naked Civil Servant to The Elephant "
                  "Man.", None),
    "Ian Holm": ("English stage and screen actor, later known to millions as Bilbo Baggins.",
                 None),
    "Jordan Peele": ("American comedian, writer and director who made his name with Key & "
                     "Peele; Get Out won him the Academy Award for original screenplay.", None),
    "Daniel Kaluuya": ("English actor who began in British television; after Get Out he won an "
                       "Academy Award for Judas and the Black Messiah.", None),
    "Allison Williams": ("American actress first known for the television series Girls.", None),
    "Bradley Whitford": ("American actor best known for the political drama The West Wing.",
                         None),
    "Catherine Keener": ("American actress known for sharp, intelligent roles in Being John "
                         "Malkovich and Capote.", None),
    "Denis Villeneuve": ("French-Canadian director who moved from intimate Quebec dramas to "
                         "large-scale science fiction, including Blade Runner 2049 and "
                         "Dune.", "nm0898288"),
    "Eric Heisserer": ("American screenwriter who wrote Arrival on spec, adapting a story by "
                       "Ted Chiang.", None),
    "Amy Adams": ("American actress with a rare gift for warmth and intelligence, nominated "
                  "many times for Academy Awards.", None),
    "Jeremy Renner": ("American actor who broke through in The Hurt Locker.", None),
    "Forest Whitaker": ("American actor and director who won an Academy Award for The Last King "
                        "of Scotland.", None),
    "Céline Sciamma": ("French writer and director of intimate films about girlhood and desire, "
                       "including Water Lilies, Tomboy and Girlhood.", None),
    "Noémie Merlant": ("French actress and director whose Marianne brought her international "
                       "attention.", None),
    "Adèle Haenel": ("French actress who had won two César awards before Portrait of a Lady on "
                     "Fire, her second film with Céline Sciamma.", None),
    "Luàna Bajrami": ("French-Kosovan actress who has also turned to directing.", None),
    "Valeria Golino": ("Italian actress who has worked in Italy and Hollywood, from Rain Man to "
                       "her own films as a director.", None),
    "Paul King": ("English director who made his name with The Mighty Boosh before directing "
                  "both Paddington films and Wonka.", None),
    "Simon Farnaby": ("English actor and writer, one of the team behind Horrible Histories and "
                      "Ghosts.", None),
    "Ben Whishaw": ("English actor of stage and screen, the voice of Paddington and Q in the "
                    "recent Bond films.", None),
    "Hugh Grant": ("English actor famous for romantic comedies who reinvented himself as a "
                   "gifted character actor.", None),
    "Brendan Gleeson": ("Irish actor who came to acting after years as a teacher and became one "
                        "of the best-loved character actors of his generation.", None),
    "Sally Hawkins": ("English actress known for Happy-Go-Lucky and The Shape of Water, and as "
                      "Mary Brown in the Paddington films.", None),
}


def _when(year, month, day, hour=9, minute=0):
    """A fixed, aware UTC publication time."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


FILMS = [
    {
        "slug": "the-third-man", "title": "The Third Man", "year": 1949,
        "release_date": date(1949, 9, 1), "runtime_minutes": 104,
        "countries": ["United Kingdom"], "languages": ["English", "German"],
        "synopsis": ("A writer of pulp Westerns arrives in occupied Vienna to work for an old "
                     "friend and finds himself at the friend's funeral, with a story about the "
                     "accident that does not add up."),
        "imdb_id": "tt0041959",
        "letterboxd_url": "https://letterboxd.com/film/the-third-man/",
        "directors": ["Carol Reed"], "writers": ["Graham Greene"],
        "cast": [("Joseph Cotten", "Holly Martins"), ("Alida Valli", "Anna Schmidt"),
                 ("Orson Welles", "Harry Lime"), ("Trevor Howard", "Major Calloway")],
        "watch": [("BFI Player", "stream", "GB"), ("Criterion Channel", "stream", "US"),
                  ("Apple TV", "rent", "GB")],
        "checked_on": date(2026, 9, 14),
        "published": _when(2025, 1, 14), "rating_halves": 10,
        "dek": "Carol Reed's Vienna is a city of rubble, zithers and very bad friends.",
        "verdict": "A perfect thriller about the moment friendship stops being an excuse.",
        "tags": ["Film noir", "Thriller", "1940s", "Black and white", "War and its aftermath",
                 "Rewatch"],
        "poster": ("#111111", "#f2eadf", "#c9a227", "diagonal"),
    },
    {
        "slug": "casablanca", "title": "Casablanca", "year": 1942,
        "release_date": date(1942, 11, 26), "runtime_minutes": 102,
        "countries": ["United States"], "languages": ["English"],
        "synopsis": ("In wartime Morocco, a nightclub owner who sticks his neck out for nobody "
                     "is handed two priceless travel papers just as the woman who left him "
                     "walks back into his life."),
        "imdb_id": "tt0034583",
        "letterboxd_url": "https://letterboxd.com/film/casablanca/",
        "directors": ["Michael Curtiz"],
        "writers": ["Julius J. Epstein", "Philip G. Epstein", "Howard Koch"],
        "cast": [("Humphrey Bogart", "Rick Blaine"), ("Ingrid Bergman", "Ilsa Lund"),
                 ("Paul Henreid", "Victor Laszlo"), ("Claude Rains", "Captain Louis Renault")],
        "watch": [("Apple TV", "buy", "US"), ("Prime Video", "rent", "GB")],
        "checked_on": date(2026, 8, 2),
        "published": _when(2025, 2, 11, 18, 30), "rating_halves": 8,
        "dek": "Everybody comes to Rick's, and eighty years later they are still coming.",
        "verdict": "Studio craftsmanship at its most generous, even where the seams show.",
        "tags": ["Drama", "Romance", "1940s", "Black and white", "War and its aftermath",
                 "Best Picture winners"],
        "poster": ("#1d3557", "#f1faee", "#e9c46a", "sun"),
    },
    {
        "slug": "alien", "title": "Alien", "year": 1979,
        "release_date": date(1979, 5, 25), "runtime_minutes": 117,
        "countries": ["United Kingdom", "United States"], "languages": ["English"],
        "synopsis": ("The tired crew of a commercial towing ship answer a signal from a bleak "
                     "planetoid and bring something back on board."),
        "imdb_id": "tt0078748",
        "letterboxd_url": "https://letterboxd.com/film/alien/",
        "directors": ["Ridley Scott"], "writers": ["Dan O'Bannon"],
        "cast": [("Sigourney Weaver", "Ellen Ripley"), ("Tom Skerritt", "Dallas"),
                 ("John Hurt", "Kane"), ("Ian Holm", "Ash")],
        "watch": [("Disney+", "stream", "GB"), ("Apple TV", "buy", "US")],
        "checked_on": date(2026, 10, 5),
        "published": _when(2025, 3, 20, 12), "rating_halves": 7,
        "dek": "A haunted house in space, with a very efficient ghost.",
        "verdict": "Brilliant design and dread, a little let down by its middle stretch.",
        "tags": ["Horror", "Science fiction", "1970s", "Survival"],
        "poster": ("#0b0c10", "#c5c6c7", "#66fcf1", "oval"),
    },
    {
        "slug": "seven-samurai", "title": "Seven Samurai", "original_title": "七人の侍",
        "year": 1954, "release_date": date(1954, 4, 26), "runtime_minutes": 207,
        "countries": ["Japan"], "languages": ["Japanese"],
        "synopsis": ("Farmers who expect bandits after the harvest hire a handful of "
                     "masterless samurai, paying them only in rice, to defend their village."),
        "imdb_id": "tt0047478",
        "letterboxd_url": "https://letterboxd.com/film/seven-samurai/",
        "directors": ["Akira Kurosawa"],
        "writers": ["Akira Kurosawa", "Shinobu Hashimoto", "Hideo Oguni"],
        "cast": [("Takashi Shimura", "Kambei Shimada"), ("Toshiro Mifune", "Kikuchiyo"),
                 ("Seiji Miyaguchi", "Kyuzo")],
        "watch": [("Criterion Channel", "stream", "US"), ("BFI Player", "stream", "GB")],
        "checked_on": date(2026, 7, 21),
        "published": _when(2025, 5, 6), "rating_halves": 10,
        "dek": "Three and a half hours, and not a minute you would give back.",
        "verdict": "The action film every action film is still trying to live up to.",
        "tags": ["Action", "Drama", "1950s", "Black and white", "Akira Kurosawa", "Class"],
        "poster": ("#efe6d2", "#1a1a1a", "#b22222", "bars"),
    },
    {
        "slug": "spirited-away", "title": "Spirited Away", "original_title": "千と千尋の神隠し",
        "year": 2001, "release_date": date(2001, 7, 20), "runtime_minutes": 125,
        "countries": ["Japan"], "languages": ["Japanese"],
        "synopsis": ("A sulky ten-year-old takes a wrong turn with her parents into a town of "
                     "spirits and must work in a witch's bathhouse to get them all home."),
        "imdb_id": "tt0245429",
        "trailer_url": "https://www.youtube.com/watch?v=ByXuk9QqQkk",
        "rotten_tomatoes_url": "https://www.rottentomatoes.com/m/spirited_away",
        "letterboxd_url": "https://letterboxd.com/film/spirited-away/",
        "directors": ["Hayao Miyazaki"], "writers": ["Hayao Miyazaki"],
        "cast": [("Rumi Hiiragi", "Chihiro Ogino / Sen (voice)"), ("Miyu Irino", "Haku (voice)"),
                 ("Mari Natsuki", "Yubaba / Zeniba (voice)")],
        "watch": [("Netflix", "stream", "GB"), ("Prime Video", "rent", "US")],
        "checked_on": date(2026, 10, 19),
        "published": _when(2025, 6, 17, 7, 45), "rating_halves": 10,
        "dek": "Miyazaki's bathhouse for the gods is the best place to get lost in.",
        "verdict": "A fairy tale about work, names and courage that grows richer with age.",
        "tags": ["Animation", "Fantasy", "Family", "2000s", "Studio Ghibli", "Coming of age",
                 "Kindness"],
        "poster": ("#2a9d8f", "#fffaf0", "#e63946", "circles"),
    },
    {
        "slug": "vertigo", "title": "Vertigo", "year": 1958,
        "release_date": date(1958, 5, 9), "runtime_minutes": 128,
        "countries": ["United States"], "languages": ["English"],
        "synopsis": ("A retired San Francisco detective with a fear of heights is hired to "
                     "follow an old acquaintance's wife, who seems to be possessed by the past."),
        "imdb_id": "tt0052357",
        "letterboxd_url": "https://letterboxd.com/film/vertigo/",
        "directors": ["Alfred Hitchcock"], "writers": ["Alec Coppel", "Samuel A. Taylor"],
        "cast": [("James Stewart", 'John "Scottie" Ferguson'),
                 ("Kim Novak", "Madeleine Elster / Judy Barton"),
                 ("Barbara Bel Geddes", "Midge Wood")],
        "watch": [("Prime Video", "rent", "US"), ("Apple TV", "buy", "GB")],
        "checked_on": date(2026, 6, 30),
        "published": _when(2025, 8, 5), "updated_days": 6, "rating_halves": 8,
        "dek": "Hitchcock's most personal film is also his most uncomfortable.",
        "verdict": "A masterpiece I admire more each time and like a little less.",
        "tags": ["Thriller", "Mystery", "1950s", "Alfred Hitchcock", "James Stewart",
                 "Obsession", "Rewatch"],
        "poster": ("#c1121f", "#fdf0d5", "#1b1b1b", "rings"),
    },
    {
        "slug": "get-out", "title": "Get Out", "year": 2017,
        "release_date": date(2017, 2, 24), "runtime_minutes": 104,
        "countries": ["United States"], "languages": ["English"],
        "synopsis": ("A young photographer spends a weekend meeting his girlfriend's "
                     "welcoming, liberal parents, and the welcome starts to feel like an "
                     "inspection."),
        "imdb_id": "tt5052448",
        "trailer_url": "https://www.youtube.com/watch?v=DzfpyUB60YY",
        "rotten_tomatoes_url": "https://www.rottentomatoes.com/m/get_out",
        "letterboxd_url": "https://letterboxd.com/film/get-out-2017/",
        "directors": ["Jordan Peele"], "writers": ["Jordan Peele"],
        "cast": [("Daniel Kaluuya", "Chris Washington"), ("Allison Williams", "Rose Armitage"),
                 ("Bradley Whitford", "Dean Armitage"), ("Catherine Keener", "Missy Armitage")],
        "watch": [("Netflix", "stream", "GB"), ("Prime Video", "rent", "US")],
        "checked_on": date(2026, 11, 2),
        "published": _when(2025, 9, 23, 16), "rating_halves": 8,
        "dek": "Meeting the parents has never been this uncomfortable.",
        "verdict": "A horror film whose scariest moments are polite conversations.",
        "tags": ["Horror", "Thriller", "Comedy", "2010s", "Class"],
        "poster": ("#f1f1f1", "#111111", "#7d1128", "rings"),
    },
    {
        "slug": "in-the-mood-for-love", "title": "In the Mood for Love",
        "original_title": "花樣年華", "year": 2000,
        "release_date": date(2000, 9, 29), "runtime_minutes": 98,
        "countries": ["Hong Kong", "France"], "languages": ["Cantonese", "Shanghainese"],
        "synopsis": ("In 1962 Hong Kong, two neighbours whose spouses are always away discover "
                     "that those spouses are having an affair with each other."),
        "imdb_id": "tt0118694",
        "letterboxd_url": "https://letterboxd.com/film/in-the-mood-for-love/",
        "directors": ["Wong Kar-wai"], "writers": ["Wong Kar-wai"],
        "cast": [("Tony Leung Chiu-wai", "Chow Mo-wan"), ("Maggie Cheung", "Su Li-zhen")],
        "watch": [("MUBI", "stream", "GB"), ("Criterion Channel", "stream", "US")],
        "checked_on": date(2026, 9, 1),
        "published": _when(2025, 11, 4, 20), "rating_halves": 10,
        "dek": "Two neighbours, two betrayals, and a great many staircases.",
        "verdict": "The most beautiful film ever made about what doesn't happen.",
        "tags": ["Romance", "Drama", "2000s", "Loneliness", "Desire", "Memory"],
        "poster": ("#7b1e3a", "#f6e7d8", "#d4a373", "stripes"),
    },
    {
        "slug": "chinatown", "title": "Chinatown", "year": 1974,
        "release_date": date(1974, 6, 20), "runtime_minutes": 130,
        "countries": ["United States"], "languages": ["English"],
        "synopsis": ("In drought-stricken 1930s Los Angeles, a private detective hired for a "
                     "routine adultery case finds himself following the water."),
        "imdb_id": "tt0071315",
        "letterboxd_url": "https://letterboxd.com/film/chinatown/",
        "directors": ["Roman Polanski"], "writers": ["Robert Towne"],
        "cast": [("Jack Nicholson", 'J. J. "Jake" Gittes'), ("Faye Dunaway", "Evelyn Mulwray"),
                 ("John Huston", "Noah Cross")],
        "watch": [("Prime Video", "rent", "GB"), ("Apple TV", "buy", "US")],
        "checked_on": date(2026, 5, 12),
        "published": _when(2026, 1, 13), "updated_days": 3, "rating_halves": 9,
        "dek": "A private eye, a drought, and a city built on a lie.",
        "verdict": "The bleakest, best-written detective story Hollywood ever made.",
        "tags": ["Film noir", "Crime", "Thriller", "Drama", "1970s", "Corruption"],
        "poster": ("#e76f51", "#1b1b1b", "#264653", "sun"),
    },
    {
        "slug": "rear-window", "title": "Rear Window", "year": 1954,
        "release_date": date(1954, 8, 4), "runtime_minutes": 112,
        "countries": ["United States"], "languages": ["English"],
        "synopsis": ("Laid up with a broken leg in a summer heatwave, a photographer watches "
                     "his neighbours across the courtyard and starts to suspect a murder."),
        "imdb_id": "tt0047396",
        "letterboxd_url": "https://letterboxd.com/film/rear-window/",
        "directors": ["Alfred Hitchcock"], "writers": ["John Michael Hayes"],
        "cast": [("James Stewart", 'L. B. "Jeff" Jefferies'), ("Grace Kelly", "Lisa Carol Fremont"),
                 ("Thelma Ritter", "Stella"), ("Raymond Burr", "Lars Thorwald")],
        "watch": [("Apple TV", "rent", "US")],
        "checked_on": date(2026, 4, 8),
        "published": _when(2026, 3, 3, 10, 15), "rating_halves": 9,
        "dek": "A broken leg, a heatwave and a courtyard full of stories.",
        "verdict": "Hitchcock's most playful film about the guilty pleasure of watching.",
        "tags": ["Thriller", "Mystery", "1950s", "Alfred Hitchcock", "James Stewart"],
        "poster": ("#264653", "#f4f1de", "#e9c46a", "grid"),
    },
    {
        "slug": "arrival", "title": "Arrival", "year": 2016,
        "release_date": date(2016, 11, 11), "runtime_minutes": 116,
        "countries": ["United States"], "languages": ["English"],
        "synopsis": ("When twelve silent craft settle around the world, a linguist is asked to "
                     "find out what their passengers want."),
        "imdb_id": "tt2543164",
        "trailer_url": "https://www.youtube.com/watch?v=tFMo3UJ4B4g",
        "rotten_tomatoes_url": "https://www.rottentomatoes.com/m/arrival_2016",
        "letterboxd_url": "https://letterboxd.com/film/arrival-2016/",
        "directors": ["Denis Villeneuve"], "writers": ["Eric Heisserer"],
        "cast": [("Amy Adams", "Louise Banks"), ("Jeremy Renner", "Ian Donnelly"),
                 ("Forest Whitaker", "Colonel Weber")],
        "watch": [("Apple TV", "rent", "GB"), ("Prime Video", "buy", "US")],
        "checked_on": date(2026, 10, 28),
        "published": _when(2026, 4, 21, 14), "rating_halves": 6,
        "dek": "A science-fiction film about grammar, which is more exciting than it sounds.",
        "verdict": "Intelligent and handsome, but I admired it more than I felt it.",
        "tags": ["Science fiction", "Drama", "2010s", "Language", "Grief", "Memory"],
        "poster": ("#adb5bd", "#111111", "#343a40", "rings"),
    },
    {
        "slug": "mad-max-fury-road", "title": "Mad Max: Fury Road", "year": 2015,
        "release_date": date(2015, 5, 14), "runtime_minutes": 120,
        "countries": ["Australia", "United States"], "languages": ["English"],
        "synopsis": ("In a desert ruled by whoever controls the water, a driver steals a "
                     "warlord's armoured tanker, and his wives, and heads for home."),
        "imdb_id": "tt1392190",
        "trailer_url": "https://www.youtube.com/watch?v=hEJnMQG9ev8",
        "rotten_tomatoes_url": "https://www.rottentomatoes.com/m/mad_max_fury_road",
        "letterboxd_url": "https://letterboxd.com/film/mad-max-fury-road/",
        "directors": ["George Miller"],
        "writers": ["George Miller", "Brendan McCarthy", "Nico Lathouris"],
        "cast": [("Tom Hardy", "Max Rockatansky"), ("Charlize Theron", "Imperator Furiosa"),
                 ("Nicholas Hoult", "Nux"), ("Hugh Keays-Byrne", "Immortan Joe")],
        "watch": [("Netflix", "stream", "US"), ("Apple TV", "rent", "GB")],
        "checked_on": date(2026, 8, 16),
        "published": _when(2026, 6, 9, 17, 30), "rating_halves": 8,
        "dek": "Two hours, one road, there and back again.",
        "verdict": "An action film of rare clarity, and a great deal of chrome.",
        "tags": ["Action", "Science fiction", "2010s", "Survival"],
        "poster": ("#f4a261", "#1d1d1d", "#9d0208", "sun"),
    },
    {
        "slug": "parasite", "title": "Parasite", "original_title": "기생충", "year": 2019,
        "release_date": date(2019, 5, 30), "runtime_minutes": 132,
        "countries": ["South Korea"], "languages": ["Korean", "English"],
        "synopsis": ("A hard-up family in a Seoul semi-basement talk their way, one by one, "
                     "into jobs with a wealthy household."),
        "imdb_id": "tt6751668",
        "trailer_url": "https://www.youtube.com/watch?v=5xH0HfJHsaY",
        "rotten_tomatoes_url": "https://www.rottentomatoes.com/m/parasite_2019",
        "letterboxd_url": "https://letterboxd.com/film/parasite-2019/",
        "directors": ["Bong Joon-ho"], "writers": ["Bong Joon-ho", "Han Jin-won"],
        "cast": [("Song Kang-ho", "Kim Ki-taek"), ("Lee Sun-kyun", "Park Dong-ik"),
                 ("Choi Woo-shik", "Kim Ki-woo"), ("Park So-dam", "Kim Ki-jung")],
        "watch": [("Prime Video", "stream", "GB"), ("Apple TV", "buy", "US")],
        "checked_on": date(2026, 10, 11),
        "published": _when(2026, 9, 29, 8, 30), "rating_halves": 9,
        "dek": "Bong Joon-ho builds a house with a basement, then shows us who lives there.",
        "verdict": "A class comedy that turns, room by room, into a horror film.",
        "tags": ["Thriller", "Drama", "Comedy", "2010s", "Bong Joon-ho", "Class",
                 "Palme d'Or winners", "Best Picture winners"],
        "poster": ("#283618", "#fefae0", "#dda15e", "stairs"),
    },
    {
        "slug": "portrait-of-a-lady-on-fire", "title": "Portrait of a Lady on Fire",
        "original_title": "Portrait de la jeune fille en feu", "year": 2019,
        "release_date": date(2019, 9, 18), "runtime_minutes": 120,
        "countries": ["France"], "languages": ["French"],
        "synopsis": ("On an island in Brittany in the eighteenth century, a painter must "
                     "secretly paint a young woman who refuses to sit for her wedding "
                     "portrait."),
        "imdb_id": "tt8613070",
        "rotten_tomatoes_url": "https://www.rottentomatoes.com/m/portrait_of_a_lady_on_fire",
        "letterboxd_url": "https://letterboxd.com/film/portrait-of-a-lady-on-fire/",
        "directors": ["Céline Sciamma"], "writers": ["Céline Sciamma"],
        "cast": [("Noémie Merlant", "Marianne"), ("Adèle Haenel", "Héloïse"),
                 ("Luàna Bajrami", "Sophie"), ("Valeria Golino", "The Countess")],
        "watch": [("MUBI", "stream", "GB"), ("Apple TV", "rent", "US")],
        "checked_on": date(2026, 11, 3),
        "published": _when(2026, 11, 10, 9, 30), "rating_halves": 9,
        "dek": "A painter, a bride-to-be and a few weeks on an island in Brittany.",
        "verdict": "A love story about looking and being looked at that burns slowly and "
                   "completely.",
        "tags": ["Romance", "Drama", "2010s", "Desire", "Memory"],
        "poster": ("#14213d", "#fefae0", "#fca311", "triangle"),
    },
    {
        "slug": "memories-of-murder", "title": "Memories of Murder", "original_title": "살인의 추억",
        "year": 2003, "runtime_minutes": 131,
        "countries": ["South Korea"], "languages": ["Korean"],
        "synopsis": ("In a farming province in 1986, country detectives and a colleague from "
                     "Seoul hunt a killer with almost no means to catch him."),
        "imdb_id": "tt0353969",
        "letterboxd_url": "https://letterboxd.com/film/memories-of-murder/",
        "directors": ["Bong Joon-ho"], "writers": ["Bong Joon-ho", "Shim Sung-bo"],
        "cast": [("Song Kang-ho", "Detective Park Doo-man"),
                 ("Kim Sang-kyung", "Detective Seo Tae-yoon"),
                 ("Kim Roi-ha", "Detective Cho Yong-koo")],
        "watch": [],
        "published": DRAFT, "rating_halves": 9,
        "dek": "Before Parasite, Bong Joon-ho made the best police film of the century.",
        "verdict": "A procedural about failure that becomes a portrait of an era.",
        "tags": ["Crime", "Thriller", "Drama", "2000s", "Bong Joon-ho"],
        "poster": ("#5c677d", "#f8f9fa", "#c9a227", "stripes"),
    },
    {
        "slug": "paddington-2", "title": "Paddington 2", "year": 2017,
        "release_date": date(2017, 11, 10),
        "countries": ["United Kingdom", "France"], "languages": ["English"],
        "synopsis": ("Paddington takes odd jobs to buy a pop-up book for his aunt's birthday, "
                     "and when it is stolen he is the one who goes to prison."),
        "imdb_id": "tt4468740",
        "rotten_tomatoes_url": "https://www.rottentomatoes.com/m/paddington_2",
        "letterboxd_url": "https://letterboxd.com/film/paddington-2/",
        "directors": ["Paul King"], "writers": ["Paul King", "Simon Farnaby"],
        "cast": [("Ben Whishaw", "Paddington (voice)"), ("Hugh Grant", "Phoenix Buchanan"),
                 ("Brendan Gleeson", "Knuckles McGinty"), ("Sally Hawkins", "Mary Brown")],
        "watch": [("Netflix", "stream", "GB")],
        "checked_on": date(2026, 11, 20),
        "published": SCHEDULED, "rating_halves": 9,
        "dek": "A bear in prison, a ham actor and the kindest film of the decade.",
        "verdict": "Funny, inventive and sincere; it made me believe in marmalade.",
        "tags": ["Comedy", "Family", "2010s", "Kindness"],
        "poster": ("#1d4e89", "#fff3b0", "#e63946", "circles"),
    },
]
