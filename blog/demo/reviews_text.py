"""The demo critic's review bodies, in Markdown, keyed by review slug."""

BODIES = {}

BODIES["the-third-man"] = """\
Few films announce themselves as quickly as *The Third Man*: a few bars of zither and you know
you are somewhere broken, cheerful and dangerous all at once.

## Plot

Holly Martins, an American who writes cheap Westerns, arrives in occupied Vienna because his old
school friend Harry Lime has promised him work. He arrives just in time for Harry's funeral. The
accounts of the accident that killed him do not quite agree, a porter remembers a third man at
the scene whom nobody else will admit to, and a British officer, Major Calloway, seems far less
sorry about Harry than Holly thinks he should be. Holly starts asking questions, mostly of the
wrong people, and falls a little in love with Anna, the actress Harry left behind.

## About

Graham Greene wrote the script, and his fingerprints are everywhere: the moral fog, the jokes that
curdle, the sense that decent people are mostly just slow. Carol Reed shot it in the real ruins
of the city, and Robert Krasker's camera tilts the frame until the streets seem to slide toward
the gutters. Anton Karas's zither score should not work at all; it is jaunty where the story is
grim, and that mismatch is exactly the point. Orson Welles is on screen for a surprisingly short
time and still owns the picture.

## Our opinion

What keeps me coming back is Joseph Cotten's Holly, a man who thinks loyalty is a virtue in itself
and slowly learns that it can also be a way of not looking. The scene on the Ferris wheel is
famous for its speech about cuckoo clocks, but watch Welles's face before he delivers it: he is
weighing whether his friend is worth keeping alive. Everything in the film, from the shadows to
the sewers, is built to make you feel that weighing.

::: spoiler
The final shot, Anna walking past Holly down a long avenue of bare trees without a glance, is one
of the bravest endings in British cinema. Reed refuses the reconciliation a studio would have
wanted, and the film is greater for it.
:::

It is more than seventy years old and has not aged a day. See it on the biggest screen you can
find.
"""

BODIES["casablanca"] = """\
There is a reason people who have never seen *Casablanca* can quote it. It was made on a studio
lot by people who did this every week, and it is the rare assembly-line picture in which every
part fits.

## Plot

December 1941. Rick Blaine runs a nightclub in Casablanca, a waiting room for refugees trying to
reach Lisbon and, from there, America. Rick says he sticks his neck out for nobody. Then two
things land in his lap at once: a pair of stolen letters of transit that can carry anyone out of
the country, and Ilsa Lund, the woman who left him in Paris, who walks in on the arm of Victor
Laszlo, a resistance leader the Germans would very much like to keep in Morocco.

## About

Michael Curtiz directs with brisk, unfussy confidence, and the script by Julius and Philip
Epstein and Howard Koch is crammed with lines that long ago escaped into everyday speech. The
supporting cast is a small miracle of character acting; Claude Rains, especially, turns a corrupt
police captain into the best company in the film. Many of the bit players were themselves exiles
from Europe, and you can feel it in the famous scene where the whole café drowns out a German
song with the Marseillaise.

## Our opinion

I will admit that *Casablanca* is not the film I reach for when I want to be surprised. Its
structure is as neat as a crossword, and Paul Henreid's Laszlo is so upstanding that he barely
registers as a rival. But Humphrey Bogart's weariness is beautifully judged, and Ingrid Bergman
plays Ilsa as a woman genuinely torn rather than a prize to be won, which gives the last act a
real ache.

It is easy to be a little cynical about a film this beloved. Watch it again anyway. It earns its
sentiment the honest way, scene by scene, and it still knows exactly when to cut to the fog.
"""

BODIES["seven-samurai"] = """\
*Seven Samurai* runs for well over three hours, and the strange thing is how little of that time
is spectacle. It is a film about logistics, class and mud, and it is thrilling.

## Plot

In sixteenth-century Japan, a farming village learns that bandits will return once the barley is
harvested. The farmers cannot fight, so they go to town to hire samurai, offering nothing but
rice. Kambei, an ageing and clear-headed ronin, agrees to help and gathers a small team, plus one
loud, hard-drinking hanger-on called Kikuchiyo who insists that he belongs. Then comes the work of
turning a frightened village into a fortress.

## About

Akira Kurosawa wrote the film with Shinobu Hashimoto and Hideo Oguni, and its shape has been
borrowed so often, most famously by *The Magnificent Seven*, that it now feels like a template.
Seeing the original is a reminder of how much the copies leave out. Kurosawa spends his first half
on recruitment and preparation, so that by the time the raids begin we know the geography of the
village as well as the defenders do. Takashi Shimura gives Kambei a quiet, rueful authority, and
Toshiro Mifune plays Kikuchiyo like a live wire that has learned to talk.

## Our opinion

The battles in the rain are rightly famous, all churning hooves and sliding bodies, but the
moments that stay with me are smaller: a father cutting his daughter's hair so that she will pass
for a boy, the discovery of armour the villagers took from dead warriors, Kikuchiyo's furious
speech about who made farmers the way they are. Kurosawa never lets us forget that the samurai
and the people they protect belong to different worlds, and that the arrangement between them is
a transaction before it is a friendship.

::: spoiler
Kambei's closing remark, that once again the samurai have lost and the farmers have won, turns a
victory into an elegy. The graves on the hill say the rest.
:::

If you have been putting this off because of the running time, stop. There is an intermission,
and you will not need it.
"""

BODIES["vertigo"] = """\
I have seen *Vertigo* perhaps a dozen times, and I still cannot decide whether it is a love story
or an autopsy of one. That uncertainty may be the whole point.

## Plot

John Ferguson, Scottie to his friends, leaves the San Francisco police after a rooftop chase
leaves him with a crippling fear of heights. An old acquaintance, Gavin Elster, hires him for a
private job: follow his wife Madeleine, who has been wandering the city as though someone else
were living inside her. Scottie follows her to a florist, a cemetery, a gallery and the bay, and
somewhere along the way the surveillance becomes an obsession.

## About

Alfred Hitchcock adapted a French novel, with a screenplay by Alec Coppel and Samuel A. Taylor,
and moved the story to a San Francisco that looks half real and half dreamed. Bernard Herrmann's
score circles and swells like the camera, and the famous shot that stretches a stairwell into an
abyss is still dizzying. James Stewart, so often the decent everyman, lets that decency rot in
front of us. Kim Novak has the harder job, and she is extraordinary.

## Our opinion

The first half is a ghost story told in long, silent drives; the second is something colder.
Hitchcock shows a man trying to remake a woman into a memory, down to her hair and her shoes, and
he films it with such tenderness that we are implicated in the project. Barbara Bel Geddes's
Midge, practical and funny and ignored, is the film's conscience, and it hurts that the film
drops her.

::: spoiler
Hitchcock reveals the trick to us long before Scottie learns it, trading mystery for dread. It is
a bold choice, and it turns the makeover scenes into something close to horror: we know that
Judy is being erased, and we watch her agree to it.
:::

It is a great film. It is also, in places, a hard one to sit through, and I think it wants to be.

*Updated a few days after publication to correct the name of one of the screenwriters.*
"""

BODIES["rear-window"] = """\
*Rear Window* is a film about a man who watches his neighbours, made for an audience that has
paid to watch strangers in the dark. Hitchcock never lets us forget the joke, and never lets us
off the hook.

## Plot

L. B. Jefferies, a news photographer, is stuck in his Greenwich Village apartment with his leg in
a cast and a week still to go. It is summer, every window is open, and the courtyard outside has
become his television: a dancer, a lonely woman setting the table for an imaginary guest, a
composer at his piano, a salesman who quarrels with his bedridden wife. Then the wife is gone,
and the salesman starts making strange trips out into the rain at night.

## About

The whole film takes place in, or is seen from, a single room, looking out on an enormous set
built at Paramount. John Michael Hayes's script, from a Cornell Woolrich story, is full of sharp,
grown-up talk, and Thelma Ritter's nurse gets the best lines. James Stewart is wonderfully
prickly as a man who would rather solve a murder than think about marriage, and Grace Kelly, as
his girlfriend Lisa, makes her entrance in one of the great close-ups of the decade.

## Our opinion

What I love most is how the suspense moves from the window into the room. At first Lisa is just
someone Jeff has to get rid of so he can go back to watching. Then she crosses the courtyard, and
suddenly he is the helpless one, pinned in his chair, and so are we. Raymond Burr has barely a
line of dialogue and is still frightening, mostly because we only ever see him from a distance.

It is a lighter film than *Vertigo*, and a funnier one, but no less clever about how looking
works. If someone tells you they don't like old films, show them this one.
"""

BODIES["chinatown"] = """\
*Chinatown* looks like a tribute to the detective films of the 1940s and turns out to be an
argument with them. The hero is clever, the mystery can be solved, and none of it matters.

## Plot

Los Angeles, 1937. Jake Gittes makes a comfortable living photographing unfaithful spouses. A
woman calling herself Mrs Mulwray hires him to follow her husband, the city's chief water
engineer. The job goes smoothly until the real Evelyn Mulwray turns up with a lawyer, and soon
afterwards her husband is found drowned in a reservoir in the middle of a drought. Gittes, who
hates being made a fool of, keeps pulling at the thread.

## About

Robert Towne's screenplay is a model of how to hide a story in plain sight; every scene hands you
a clue and a distraction at once. Roman Polanski shoots it in daylight, in sun-bleached orange
groves and dry riverbeds, which makes the corruption feel even more airless. Jack Nicholson plays
Gittes as a man whose confidence is his most dangerous habit, and Faye Dunaway gives Evelyn a
brittle, nervous elegance that hides something much worse than guilt. John Huston, as her father
Noah Cross, is the most genial monster in the movies.

## Our opinion

Much of the pleasure is in the procedure: the sliced nose, the hall of records, the visit to a
retirement home whose residents have been buying up the valley without knowing it. But the
film's real subject is power and how it protects itself. In this city water is money, and the
men who decide where it goes decide who matters.

::: spoiler
The ending in Chinatown, where Gittes's meddling helps bring about the very disaster he was trying
to prevent, is as cruel as anything in American film. "Forget it, Jake" is not consolation; it
is the system speaking.
:::

Fifty years on, the twists are well known. The film still works, because it was never really
about the twists.
"""

BODIES["spirited-away"] = """\
*Spirited Away* begins with a sulky child in the back seat of a car, and it never forgets how big
the world looks from there.

## Plot

Ten-year-old Chihiro is moving house and unhappy about it. Her father takes a wrong turn, and the
family ends up in what looks like an abandoned theme park. Her parents find a stall piled with
food and start eating; by nightfall they have become pigs, and Chihiro is alone in a town of
spirits. To survive she must take a job at a vast bathhouse run by the witch Yubaba, who steals
the names of her staff so that they forget who they were.

## About

Hayao Miyazaki wrote and directed the film at Studio Ghibli, and it is as dense with invention as
anything he made: soot sprites hauling coal, a river spirit so polluted that he arrives as a
walking heap of sludge, a masked figure called No-Face who swells on the greed of the staff. Joe
Hisaishi's score is gentle where you expect it to be grand. The hand-drawn animation has a weight
and patience that make even a train ride across a flooded plain feel like an event.

## Our opinion

What strikes me on every viewing is how ordinary Chihiro's heroism is. She doesn't discover a
secret power. She scrubs floors, keeps her promises and remembers her own name. The film treats
work as something that can humiliate you and also give you a place in the world, which is not a
lesson many children's films bother with.

It is also very funny, and sometimes properly frightening, and its quiet passages are as
memorable as its set pieces. Watch it with the original Japanese voices if you can; Rumi Hiiragi
makes Chihiro wonderfully grumpy.

This is the rare film that children and adults love for completely different reasons, and both
are right.
"""

BODIES["parasite"] = """\
*Parasite* has been praised so widely that it is easy to forget how much fun it is. For its first
hour it is a caper, and a very funny one.

## Plot

The Kim family live in a semi-basement in Seoul, folding pizza boxes for cash and hunting for a
neighbour's wifi. When the son, Ki-woo, is offered a job tutoring the daughter of the wealthy
Park family, he sees an opening. One by one, with forged papers and invented references, the
Kims talk their way into the Parks' beautiful modernist house as art therapist, driver and
housekeeper, pretending not to know each other. The plan works almost too well.

## About

Bong Joon-ho wrote the script with Han Jin-won, and it moves with the precision of a farce: doors,
stairs, timing. The house itself is the film's great set, full of windows that frame the garden
like a painting and stairs that lead, always, further down. Song Kang-ho, Bong's regular
collaborator, plays the father, Ki-taek, with a shambling warmth that slowly curdles. Lee
Sun-kyun's Mr Park is never cruel, exactly; he just keeps noticing a smell.

## Our opinion

What makes *Parasite* more than a clever satire is that Bong refuses to give us villains. The
Parks are naive and careless rather than wicked, and the Kims are likeable schemers rather than
victims. The anger in the film is aimed at the arrangement that puts one family upstairs and the
other below, and at how quickly the people underneath turn on each other.

::: spoiler
The night of the rainstorm, when the Kims slip out of the Parks' house and walk down and down
through the city until they reach their flooded home, is the film's masterstroke: a single
sequence that turns the geography of Seoul into a diagram of class.
:::

I have seen it four times now. Each time I laugh less in the first half and notice more. It is
one of the great films of its decade.
"""

BODIES["memories-of-murder"] = """\
*Memories of Murder* is a crime film in which the crime is never really the point. It is about
the men who fail to solve it, and the country that made them.

## Plot

In 1986, in a farming province outside Seoul, a young woman is found dead in a drainage ditch.
More bodies follow. Detective Park Doo-man, a local cop who believes he can spot a guilty man by
looking into his eyes, and his partner Cho Yong-koo, who prefers to kick confessions out of
suspects, are joined by Seo Tae-yoon, a cool detective from Seoul who believes in paperwork and
evidence. Neither method gets them anywhere.

## About

Bong Joon-ho based the film, written with Shim Sung-bo, on a real series of killings that went
unsolved for decades. The period detail is unforced: civil defence drills black out the town,
protests are broken up by the same police who should be hunting a killer, and a proper forensic
laboratory is something that exists only in Seoul or in America. Song Kang-ho is tremendous as
Park, a buffoon who slowly realises he is out of his depth, and Kim Sang-kyung plays Seo's
unravelling with frightening control.

## Our opinion

Bong's great trick is the tone. The early scenes are close to slapstick, with crime scenes
trampled by children and tractors, and the comedy makes the later despair land harder. By the
end the rational city detective and the instinctive country one have nearly swapped places, and
neither has been any use.

::: spoiler
The final scene, years later, has Park crouching by the same ditch while a little girl tells him
that another man was looking into it recently. Song Kang-ho then stares straight into the
camera, as if the film were searching for the killer among its audience.
:::

A film this precise about helplessness ought to be depressing. Instead it is gripping from the
first frame to the last.
"""

BODIES["mad-max-fury-road"] = """\
Most action films lose you in their geography. *Mad Max: Fury Road* is essentially a chase from
one end of a map to the other and back again, and you always know exactly where everyone is.

## Plot

In a desert wasteland, a warlord called Immortan Joe rules the Citadel by controlling the water.
One of his drivers, Imperator Furiosa, takes his armoured War Rig off its route with a secret
cargo: the five young wives he keeps as breeding stock. Max Rockatansky, a drifter captured
earlier and used as a walking blood bank for Joe's War Boys, ends up strapped to the front of a
pursuit car, and then, reluctantly, on Furiosa's side.

## About

George Miller spent years trying to make a fourth Mad Max film, and the result plays like the
work of someone who has thought about every shot for a very long time. Much of the action was
done for real, with real vehicles in the Namibian desert, and the editing keeps the point of
interest near the centre of the frame, so even the wildest sequences are easy to read. Charlize
Theron's Furiosa is the heart of the film; Tom Hardy's Max barely speaks and doesn't need to.
Nicholas Hoult turns Nux, a brainwashed War Boy, into something unexpectedly touching.

## Our opinion

I admire *Fury Road* enormously, and I also find it a little exhausting. Miller's world overflows
with ideas, from the guitarist strapped to a truck full of drums to the old women who guard seeds
in the desert, and there were moments when I wished the film would stop and let one of them
breathe. But when it moves, nothing else moves like it.

It is a film about people deciding to turn round and go back the way they came, which is a more
hopeful idea than it first sounds. Play it loud.
"""

BODIES["in-the-mood-for-love"] = """\
Nothing much happens in *In the Mood for Love*, and it happens so beautifully that I have never
been able to watch it only once.

## Plot

Hong Kong, 1962. Chow Mo-wan, a journalist, and Su Li-zhen, a secretary, rent rooms in
neighbouring flats on the same day. Their spouses are always away, working late or travelling.
The two keep passing each other on the stairs down to the noodle stall, and slowly they realise
that her husband and his wife are having an affair with each other. They begin to meet, at first
to imagine how it started, and then because they cannot stop.

## About

Wong Kar-wai is said to have shot without a finished script, finding the film over a long
production, and it shows in the best way: scenes repeat with small variations, as if memory were
trying to get them right. The cinematography by Christopher Doyle and Mark Lee Ping-bin squeezes
the characters into corridors and door frames, and Maggie Cheung's high-collared dresses change
from scene to scene, so that their patterns become a way of telling time. Tony Leung plays Chow
with a stillness that is almost unbearable. Shigeru Umebayashi's waltz returns again and again,
like a thought you cannot shake.

## Our opinion

What moves me most is how the film treats restraint. Chow and Su decide early that they will not
be like their spouses, and the whole film is the cost of keeping that promise. The spouses are
never shown clearly; we glimpse a back, hear a voice through a wall. The affair that matters is
the one that does not take place.

It is a short film, just over an hour and a half, but it lingers for days. Watch it late at
night, and do not look at your phone once.
"""

BODIES["alien"] = """\
*Alien* is usually described as a perfect film, and I understand why. I just find it perfect in a
slightly chilly way.

## Plot

The crew of the Nostromo, a commercial towing ship hauling ore back to Earth, are woken early
from hypersleep by the ship's computer. It has picked up a signal from a nearby planetoid, and
their contract obliges them to investigate. Three of them go down to look at a derelict craft,
and one of them comes back with something attached to his face. The real trouble starts after it
lets go.

## About

Dan O'Bannon wrote the screenplay from a story he devised with Ronald Shusett, and Ridley Scott
directs it as a slow-burning horror film rather than a space adventure. The Nostromo is a
masterpiece of grubby, lived-in design, all dripping chains and blinking screens, and H. R.
Giger's creature is still one of the most disturbing things ever put in front of a camera. The
cast, including Tom Skerritt, John Hurt and Ian Holm, play tired working people who would rather
argue about bonuses than explore. Sigourney Weaver's Ripley starts as one of the crowd and
becomes, almost by elimination, the film's centre.

## Our opinion

The first hour is remarkable, patient and eerie, and the famous dinner scene still works even if
you know what is coming. After that the film settles into a pattern, a crew member separated, a
search, a death, and for me the middle stretch loses a little tension each time round. The turn
involving the company and its priorities is sharp, but the film moves past it quickly.

::: spoiler
Ash turning out to be an android under orders to bring the creature home, with the crew counted
as expendable, gives the film its real villain: not the alien, which only does what it does,
but the company that sent everyone out there.
:::

It is still essential viewing. I just prefer to admire it from a little further away than most
people do.
"""

BODIES["get-out"] = """\
Jordan Peele's first film as a director is a horror movie built out of small talk, and the small
talk is the scariest part.

## Plot

Chris Washington, a young Black photographer, is going to spend a weekend with his white
girlfriend Rose and her parents at their house in the country. Rose assures him that her family
are not racist; her father would have voted for Obama a third time if he could. The Armitages are
indeed very welcoming, almost aggressively so. But the Black groundskeeper and housekeeper behave
strangely, Rose's mother offers to cure Chris's smoking with hypnosis, and a garden party full of
her parents' friends turns into an inspection.

## About

Peele, who also wrote the script, came from sketch comedy, and his timing shows. The film knows
exactly how long to hold an awkward pause, and it gets big laughs from Chris's friend Rod, an
airport security officer with strong views. Daniel Kaluuya's performance is a masterclass in
reaction, above all in the hypnosis scene, where a tear and a teacup are enough to send him, and
us, falling into the dark. Allison Williams, Bradley Whitford and Catherine Keener play the
Armitages with a brightness that never quite reaches their eyes.

## Our opinion

What lifts *Get Out* above clever genre work is how precisely it is aimed. The film is not about
the obvious bigots; it is about admiration that turns people into objects, and the way being
praised can feel like being measured. The twist, when it comes, is ridiculous in a pulp-fiction
way, and it still makes complete sense.

::: spoiler
The final scene plays on an expectation every viewer shares: when the flashing lights arrive, we
assume the worst for Chris. Then it turns out to be Rod, and the relief is as much a comment as
the horror was.
:::

It is a debut that feels like the work of someone who had been thinking about it for years. It
deserves every bit of its reputation.
"""

BODIES["arrival"] = """\
*Arrival* is the rare alien-invasion film in which the hero's weapon is a whiteboard. I wanted to
love it more than I did.

## Plot

Twelve enormous, shell-shaped craft appear at points around the globe and hang silently above
the ground. The US Army recruits Louise Banks, a linguist, and Ian Donnelly, a physicist, to work
out what the visitors want. Every so often a door opens and they enter a chamber where two huge,
seven-limbed beings write in looping circles of ink. Louise begins to learn their language while
the countries hosting the other craft grow impatient and afraid.

## About

Eric Heisserer adapted the script from Ted Chiang's story "Story of Your Life", and Denis
Villeneuve directs it with great calm. Bradford Young's photography is murky and grey, as if the
whole world were holding its breath, and Jóhann Jóhannsson's score hums like machinery under the
floor. Amy Adams is excellent, carrying the film's emotional weight almost entirely on her face;
Jeremy Renner has less to do, and Forest Whitaker's colonel is mostly a source of deadlines.

## Our opinion

The ideas are terrific, especially the notion that learning a language could change the way you
experience time. The scenes in which Louise and Ian work out how to introduce themselves, with
names on cards and patient gestures, are the film at its best: curious, careful and funny.

::: spoiler
The structural twist, that the scenes with Louise's daughter are not memories but glimpses of the
future, is elegant. My problem is that the film then uses it to resolve a global crisis with a
phone call, which felt too neat for a story that had been so careful about how hard it is to
understand anyone.
:::

The visual world is gorgeous, and the performance at its heart is unforgettable. But the ending
left me thinking rather than feeling, and I suspect that is the opposite of what the film
intended.
"""

BODIES["portrait-of-a-lady-on-fire"] = """\
*Portrait of a Lady on Fire* is a film about the gaze in which, for once, everyone is looking
back.

## Plot

Late in the eighteenth century, a painter named Marianne travels to a remote island off Brittany.
A countess has commissioned a wedding portrait of her daughter Héloïse, who is to marry a
nobleman in Milan she has never met. Héloïse refuses to pose; she drove the last painter away. So
Marianne is introduced as a walking companion and must study her subject by day and paint her
from memory at night.

## About

Céline Sciamma wrote and directed the film, and it is as carefully composed as any of the
canvases in it. Claire Mathon's photography gives the rooms the soft, directional light of old
paintings, and there is almost no music, which makes the two moments when music does arrive feel
seismic. Noémie Merlant and Adèle Haenel play the central relationship with a mixture of wit and
watchfulness; their early conversations are like a duel in which both sides keep lowering their
swords. Luàna Bajrami's Sophie, the young maid, gives the film a third woman and a third story.

## Our opinion

What I love about the film is that it makes seeing someone into an act of love and of equality.
Marianne's first portrait is competent and lifeless; the second, made with Héloïse's
cooperation, is something else. The film also has a clear-eyed sense of time: the countess goes
away for a few days, and the three women left behind build a small, temporary world with its own
rules, knowing that it will end.

::: spoiler
The last shot, a long take of Héloïse at a concert, hearing the "Summer" concerto from Vivaldi's
*Four Seasons* and fighting back tears, is as moving as anything I have seen in a cinema. She
does not look at Marianne. She doesn't need to.
:::

It is a patient film and it asks for your patience. Give it, and you may find yourself
remembering it for years.
"""

BODIES["paddington-2"] = """\
It is slightly embarrassing how much I love *Paddington 2*. I have stopped being embarrassed.

## Plot

Paddington has settled happily with the Brown family in London and wants to buy a present for his
Aunt Lucy's hundredth birthday: an old pop-up book of London that he finds in Mr Gruber's
antique shop. He takes odd jobs to pay for it, with disastrous results at a barber's. Then the
book is stolen, Paddington is wrongly convicted of the theft and sent to prison, where he meets
the most feared cook in the building, Knuckles McGinty.

## About

Paul King directed and wrote the script with Simon Farnaby, and the film moves with the elegance
of a silent comedy. The jokes are built with care, set up early and paid off much later, and the
visual invention never stops; the sequence in which Paddington imagines walking his aunt through
the pop-up book is lovely. Ben Whishaw's voice gives the bear an unshakeable politeness that is
funny and also, in the end, quietly radical. Hugh Grant, as the vain, fading actor Phoenix
Buchanan, gives one of the comic performances of his career, and Brendan Gleeson is superb as a
hard man softened by sandwiches.

## Our opinion

Plenty of family films preach kindness. This one shows what it looks like: Paddington remembers
everyone's name, assumes the best of people and is often taken advantage of for it, and the film
never treats that as naive. When the neighbourhood rallies round him, it feels earned, because
we have watched him be kind to each of them.

It is also beautifully designed, from the pink prison uniforms to the steam-train chase at the
climax. If you have a grudge against talking animals, put it aside for an hour and three
quarters. You may even cry, and it will be the good kind.
"""
