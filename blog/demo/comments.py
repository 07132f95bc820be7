"""Demo readers and their conversations under the reviews, as nested plain data.

A thread node is ``(writer, text, replies)`` or ``(writer, text, replies, status)``; the writer
is a commenter's username or ``AUTHOR``, the critic who wrote the review.
"""

AUTHOR = "@author"

# username, display name, bio, banned
COMMENTERS = [
    ("ada_w", "Ada Whitlock", "Repertory cinema regular. Will travel for a 35mm print.", False),
    ("tomasz", "Tomasz Nowak", "Film-society treasurer and collector of alternate cuts.", False),
    ("junebug", "June Kaplan", "Watches everything once, a few things far too often.", False),
    ("rafa_ortiz", "Rafael Ortiz", "", False),
    ("beatrix", "Beatrix Hale", "Parent, teacher, late-night viewer.", False),
    ("best-deals-4u", "", "", True),
]

THREADS = {
    "the-third-man": [
        ("ada_w", "Saw this at a repertory screening last winter and the whole audience laughed "
                  "at the cuckoo clock line. Then it went very quiet. A strange film to watch "
                  "with a crowd.", [
            (AUTHOR, "That shift from laughter to silence is the film in miniature, I think. "
                     "Welles makes the speech so charming that you're on his side for about "
                     "four seconds too long.", [
                ("tomasz", "Worth remembering that Welles is supposed to have written that "
                           "speech himself. Or so the story goes.", [
                    (AUTHOR, "That's the story, and he told it often. Whoever wrote it, it is "
                             "perfectly placed.", [
                        ("ada_w", "\"Four seconds too long\" is exactly right. I'm stealing "
                                  "that.", []),
                    ]),
                ]),
            ]),
        ]),
        ("junebug", "I'm going to be the dissenting voice: I find the zither maddening. Every "
                    "time the tension builds, there it is, plinking away.", [
            ("rafa_ortiz", "Isn't that the point, though? The city carries on as normal while "
                           "people die in hospital wards. The music is Vienna refusing to be "
                           "sad.", [
                ("junebug", "<em>Refusing to be sad</em> is a good way of putting it. I still "
                            "want it turned down.", []),
            ]),
            (AUTHOR, "You're in good company. Plenty of people thought it was a gimmick at the "
                     "time. I think it's a stroke of genius, but I'll admit it is a genius that "
                     "gets on your nerves.", []),
        ]),
        ("beatrix", "Does anyone know which version is streaming? I remember the American cut "
                    "being shorter, with a different voice at the start.", [
            ("tomasz", "Look for the British version: it runs longer, and Carol Reed himself "
                       "reads the opening narration. The BFI is a good place to start:\n"
                       "https://www.bfi.org.uk/", [
                ("beatrix", "Thank you! Found it.", []),
            ]),
        ]),
        ("rafa_ortiz", "That last shot. I have never wanted a character to turn her head so "
                       "much.", []),
    ],
    "casablanca": [
        ("tomasz", "<blockquote>Its structure is as neat as a crossword</blockquote>\n\n"
                   "Isn't that a compliment? I'd take a neat crossword over most of what gets "
                   "made now.", [
            (AUTHOR, "It is a compliment! A slightly backhanded one. I love crosswords, but I "
                     "rarely gasp at them.", []),
        ]),
        ("best-deals-4u", "BEST classic movie box sets 80% OFF!!! Cheap DVDs here "
                          "http://cheap-dvds.example.com/ buy now", [], "spam"),
        ("beatrix", "Claude Rains steals every scene he's in. The \"shocked, shocked\" moment "
                    "gets me every time.", []),
    ],
    "seven-samurai": [
        ("rafa_ortiz", "Watched it over two evenings, split at the intermission, and it worked "
                       "really well. Don't let the length scare you off.", []),
    ],
    "vertigo": [
        ("junebug", "I'm so glad someone says out loud that this film is hard to like. I've "
                    "always felt guilty for not enjoying it more.", [
            (AUTHOR, "No guilt required! I think the discomfort is intended, at least in the "
                     "second half. It's a film that wants to be resisted a little.", [
                ("junebug", "That's generous. I'll try it again with that in mind.", []),
            ]),
        ]),
        ("ada_w", "Midge deserved her own movie.", [
            ("beatrix", "Honestly, yes. She's the only adult in the room.", []),
        ]),
        ("tomasz", "The restored version is gorgeous on a big screen, if it ever comes to a "
                   "cinema near you.", [], "pending"),
    ],
    "spirited-away": [
        ("beatrix", "My daughter watched this when she was seven, and for a year afterwards "
                    "she called every ball of dust a soot sprite.", [
            (AUTHOR, "That is the best review this film could ever get.", []),
        ]),
        ("rafa_ortiz", "The train scene is one of my favourite sequences in any film. Nothing "
                       "happens and it's perfect.", [
            ("ada_w", "Agreed. It feels like the film holding its breath before the "
                      "ending.", []),
        ]),
        ("tomasz", "Dubbed or subtitled, it's wonderful either way, but the Japanese voices "
                   "are special.", []),
    ],
    "get-out": [
        ("ada_w", "The teacup. I can't hear a spoon against china without flinching now.", [
            ("junebug", "Same. Peele ruined tea for a generation.", []),
        ]),
        ("rafa_ortiz", "Rod deserves a film of his own.", [
            (AUTHOR, "He steals the film, doesn't he? Every time the tension becomes "
                     "unbearable he turns up to make you laugh at how bad things are.", []),
        ]),
    ],
    "in-the-mood-for-love": [
        ("ada_w", "Every time that waltz starts I have to stop whatever I'm doing.", [
            ("tomasz", "For me it's the rain. Those umbrellas.", []),
        ]),
    ],
    "alien": [
        ("tomasz", "A respectful disagreement: the middle stretch is my favourite part. The "
                   "repetition is what makes it so oppressive.", [
            (AUTHOR, "That's a fair reading, and I know I'm in the minority. I just feel the "
                     "dread drain away a little each time we go back into the air ducts.", []),
        ]),
        ("ada_w", "Jones the cat deserves a mention. Best performance by an animal in a horror "
                  "film.", []),
    ],
    "chinatown": [
        ("beatrix", "The way Huston says \"Mr Gits\" is so casually insulting. Brilliant.", [
            ("junebug", "He keeps getting the name wrong, doesn't he? A perfect detail.", []),
        ]),
    ],
    "arrival": [
        ("junebug", "I found the ending devastating, so I think we had very different "
                    "experiences! The palindrome name got me.", [
            (AUTHOR, "We did, and I'm a little envious of yours. I might try it again in a "
                     "year or two.", []),
        ]),
        ("rafa_ortiz", "The sound in the first visit to the shell is incredible. Watch it with "
                       "headphones.", []),
    ],
    "mad-max-fury-road": [
        ("tomasz", "Exhausting is fair! I watched the black-and-white version and somehow it "
                   "felt calmer.", [
            (AUTHOR, "I haven't seen that version yet. It's on the list.", []),
        ]),
    ],
    "parasite": [
        ("tomasz", "Saw it in a packed cinema, and you could feel the audience's mood change "
                   "around the halfway point. Nobody knew where to look.", [
            (AUTHOR, "I had the same experience. The doorbell was where the room went silent "
                     "for me.", [
                ("rafa_ortiz", "The doorbell! I still get nervous when mine rings at "
                               "night.", []),
            ]),
        ]),
        ("junebug", "I think the smell is the smartest idea in the film. It's the one thing the "
                    "Kims can't fake.", [
            ("ada_w", "And it's the one thing Mr Park can't stop mentioning, which tells you "
                      "everything about him.", [
                (AUTHOR, "Exactly. He thinks he's being discreet. He <em>isn't</em>.", []),
            ]),
        ]),
        ("beatrix", "Is the black-and-white version worth seeing? I've heard mixed things.", []),
        ("rafa_ortiz", "Four times?! I couldn't face that staircase more than twice.", [],
         "pending"),
    ],
    "portrait-of-a-lady-on-fire": [
        ("beatrix", "I saw it twice in the same week. The bonfire scene is unforgettable.", []),
        ("junebug", "Couldn't agree more about the last shot. I had to sit through the credits "
                    "to compose myself.", [], "pending"),
    ],
}
