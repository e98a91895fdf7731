"""Words of danger: a pure phrase matcher over free text (no Django, no storage, no logging).

The list is maintained here, as data. Each phrase is a small pattern over a normalised sentence
(lower case, apostrophes removed, other punctuation and runs of space collapsed to one space),
with its inflections, spelling variants, common misspellings, slang and contractions as
alternatives, matched on word boundaries ("skill myself" is not "kill myself"). Every phrase
belongs to a family, which is what may be recorded or shown as the reason for a flag: the
family and the phrase key never carry the text.

We lean towards showing help: a false alarm costs the writer a calm box with phone numbers, a
miss costs far more. What clears a match, and only that:

- Negation right before a phrase marked `negatable` ("I'm not suicidal", "I would never hurt
  myself"), unless the sentence turns back to risk after it ("I haven't hurt myself yet, but
  I want to").
- For a phrase marked `weak` (it names no person: "suicidal", "a suicide", "an overdose",
  "jump off the bridge"), a sentence about someone else or about work and reading: its last
  subject before the phrase is another person ("the caller was suicidal", "a man threatening
  to jump"), or it speaks of a call, a patient, a course or a documentary, unless the writer
  stands right before the phrase ("I'm suicidal", "I've been self harming").
- Experience told as past and over: the sentence is framed in the past ("years ago", "when I
  was a teenager", "I used to") and the text says the writer is well now ("I'm in a good place
  now", "I haven't done that in ten years"), with nothing saying it is back ("again",
  "lately", "but now I want..."). Past experience without such a statement stays flagged.

The labelled benchmark in `screening/` (train and held-out) measures this; see
bench/screening.py and docs/benchmarks.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Reusable alternatives. Misspellings are the ones people actually type on a phone.
_MYSELF = r"(?:myself|my self|meself|myslef|mysef|myselfe|mself)"
_KILL = r"(?:kill|kills|killing|killin|killed|kil|kiling|kilin|kll|klll|kilk)"
_SUICIDE = r"(?:suicide|suicides|sucide|suicde|suiside|suiscide|suicid|sooicide|suicied)"
_SUICIDAL = r"(?:suicidal|suicidel|sucidal|suicdal|suisidal|suicidial|suicidle|suicidall)"
_WANT = (
    r"(?:want|wants|wanna|wan|wnt|whant|wana|wnna|wanted|wanting|wish|wished|wishing|"
    r"would like|d like)"
)
_DONT = r"(?:dont|do not|didnt|did not|no longer|dont really|do not really|dont even)"
_ANYMORE = r"(?:\s+(?:anymore|any more|no more))?"
_PILLS = (
    r"(?:pills|tablets|meds|medication|medications|medicine|painkillers|paracetamol|tylenol|"
    r"capsules|sleeping pills|antidepressants|insulin|sleepers)"
)
_BODY = r"(?:wrist|wrists|arm|arms|forearm|forearms|thigh|thighs|leg|legs|skin|stomach|hips)"
_INTENT = (
    r"(?:going to|gonna|want to|wanna|will|ill|plan to|planning to|planning on|plan is to|"
    r"ready to|decided to|about to|thinking about|thinking of|thought about|thought of|"
    r"think about|from|close to|tried to|attempted to|might|could|should just|tempted to|"
    r"urge to|im|i am|closer to|nearer to|towards|"
    r"need to|have to|try to|trying to|way to|time to)"
)
# Words that may follow "want to cut/burn" and still mean hurting oneself (not "cut my hours").
_SH_NEXT = (
    r"(?= (?:again|myself|and|but|because|since|tonight|today|lately|recently|when|whenever|"
    r"after|so|every|more|even|to|last|badly|so badly)\b| ?$)"
)
# Up to eight words between a wish and what is wished, none of them another person or a "not".
_GAP = (
    r"(?: (?!(?:he|she|they|you|him|her|them|his|dont|not|never|wont|doesnt|didnt|no|nobody|"
    r"cant)\b)\w+){0,8}? "
)
_ACCIDENT = r"(?! (?:on (?:a|the|some)|shaving|while|cooking|by accident|accidentally)\b)"

SUICIDAL_INTENT = "suicidal_intent"
PLAN_OR_MEANS = "plan_or_means"
WISH_TO_DIE = "wish_to_die"
BURDEN = "burden"
FAREWELL = "farewell"
SELF_HARM = "self_harm"
FAMILIES = (SUICIDAL_INTENT, PLAN_OR_MEANS, WISH_TO_DIE, BURDEN, FAREWELL, SELF_HARM)


@dataclass(frozen=True)
class Phrase:
    """One danger phrase. `key` and `family` are stable and carry no text: they may be
    recorded. `weak`: the phrase names no person, so whose words they are is checked."""

    key: str
    family: str
    pattern: str
    negatable: bool = False
    weak: bool = False


PHRASES: tuple[Phrase, ...] = (
    # -- suicidal intent ------------------------------------------------------------------------
    Phrase(
        "kill_myself",
        SUICIDAL_INTENT,
        rf"{_KILL} {_MYSELF}|(?:off|offing|end|ending) {_MYSELF}(?! (?:to|for|with|from)\b)",
        negatable=True,
    ),
    Phrase(
        "unalive",
        SUICIDAL_INTENT,
        r"unaliv\w*|sewer ?slide|sewer side|self delet\w*|delete myself|"
        r"(?<!\d )(?<!\d)(?<!few )(?<!many )(?<!five )(?<!ten )kms|kmsl",
    ),
    Phrase("suicidal", SUICIDAL_INTENT, _SUICIDAL, negatable=True, weak=True),
    # A named event ("a suicide", "the suicide") and work or training talk are not the writer.
    Phrase(
        "suicide",
        SUICIDAL_INTENT,
        rf"(?<!\ba )(?<!\bthe )(?<!\bthat )(?<!\bthis )(?<!\bone )(?<!\bper )(?<!\bof a )"
        rf"{_SUICIDE}(?! (?:prevention|awareness|training|statistics|rates?|risk|calls?|jobs?|"
        rf"inquest|assessments?|protocol|policy|hotline|helpline|line|watch|research|survivors?|"
        rf"bereavement|course|workshop|crisis|first aid|intervention|postvention|poster|"
        rf"in the|among|amongst|by|alliance|loss|bereavement|first aid|and (?:self harm|"
        rf"eating)|charity|campaign|network|partnership|strategy|study|studies)\b)",
        negatable=True,
        weak=True,
    ),
    Phrase(
        "suicide_note",
        FAREWELL,
        r"(?:suicide|goodbye|farewell) (?:note|notes|letter|letters)",
        weak=True,
    ),
    Phrase(
        "end_my_life",
        SUICIDAL_INTENT,
        r"(?:end|ends|ending|ended) (?:my life|my own life|it all|my existence)",
        negatable=True,
    ),
    Phrase(
        "end_it",
        SUICIDAL_INTENT,
        rf"{_INTENT} (?:just )?(?:end|ending) (?:it|things|everything)(?: all)?"
        r"(?! (?:with|between|on a|here|there|early|for the day|for today|at work)\b)",
        negatable=True,
        weak=True,
    ),
    Phrase(
        "take_my_life",
        SUICIDAL_INTENT,
        r"(?:take|taking|took|taken) my (?:own )?life",
        negatable=True,
    ),
    Phrase(
        "want_to_die",
        SUICIDAL_INTENT,
        rf"(?:{_WANT}|ready|prepared|deserve) (?:to |)(?:just )?(?:die|dye|be dead|be ded|ded|"
        r"be gone forever)"
        r"(?! (?:my|it|the|her|his|them|your|this|of|old|happy|laughing|in my sleep when)\b)"
        r"|might as well be dead|(?:id|i would) be better dead",
        negatable=True,
        weak=True,
    ),
    Phrase(
        "dont_want_to_live",
        SUICIDAL_INTENT,
        rf"(?:{_DONT}|dont think i|do not think i|not sure i) {_WANT} to (?:live|be alive|exist|"
        rf"keep living|stay alive){_ANYMORE}"
        rf"|{_DONT} {_WANT} to be here(?= (?:anymore|any more|no more|ever|tomorrow|at all|"
        r"on this earth|in this world|any longer)\b)"
        rf"|(?:dont|do not) {_WANT} to (?:ever )?wake up (?:again|ever again|tomorrow)"
        r"|(?:not sure|dont know if|unsure if|unsure whether|not certain) (?:i )?(?:still )?"
        r"(?:want|wanna) to (?:be alive|live|be here|exist|keep living|go on|stay alive)",
    ),
    Phrase(
        "other_ways",
        SUICIDAL_INTENT,
        rf"(?:drown|drowning|drowned|gas|gassing|poison|poisoning|suffocate|suffocating|starve|"
        rf"starving|yeet|yeeting|string|stringing) {_MYSELF}"
        r"(?! (?:in (?:work|paperwork|wine|coffee|tea|chocolate|books|tv|netflix|emails|"
        r"overtime)|with (?:work|coffee|tea))\b)(?: up)?"
        r"|(?:check|checking|checked) out (?:for good|permanently|early|of life)"
        r"|(?:going to|might|about to|will|could|ill|scared ill|afraid ill) do something "
        r"(?:stupid|silly|drastic)(?= ?$| tonight\b| today\b| soon\b)",
        negatable=True,
    ),
    Phrase(
        "dying_thoughts",
        WISH_TO_DIE,
        r"(?:death|dying|being dead) (?:would|will|could) (?:be|feel like) (?:a |such a )?"
        r"(?:relief|release|peace|mercy|easier|better|escape)"
        r"|(?:think|thinking|thought|fantasi\w*|dream\w*|obsess\w*) (?:about|of) (?:dying|being "
        r"dead|my (?:own )?death|not being here|not existing|not being alive)"
        r"|(?:dont|do not) care (?:if|whether) i (?:live|die|wake up|make it)"
        r"|no reason to (?:keep going|go on|live|stay alive|be here|carry on)"
        r"|(?:hope|hoping|wish|pray|praying)\b.{0,15}\bi (?:die|pass away)\b(?! (?:old|before)\b)"
        r"|wish it (?:was|were|had been) me(?= (?:who|that|instead)\b| ?$)"
        r"|(?:it )?should (?:have|of) been me(?= instead\b| ?$)|couldnt it have been me",
        weak=True,
    ),
    Phrase(
        "inner_voice",
        SUICIDAL_INTENT,
        r"(?:head|voice|voices|brain|mind) (?:keeps |keep |is |are )?(?:saying|telling me)\b.{0,30}"
        r"\b(?:kill yourself|kill urself|end it|die|do it)",
    ),
    Phrase(
        "only_way_out",
        SUICIDAL_INTENT,
        r"no way out (?:except|but) (?:one|this|death|dying)"
        r"|(?:death|dying|ending it) (?:is|feels like|seems like) the only "
        r"(?:way out|option|answer)"
        r"|only way out is (?:to die|death|dying|ending it)",
    ),
    Phrase(
        "how_i_would_do_it",
        SUICIDAL_INTENT,
        r"(?:worked out|figured out|know|decided|thought about|planned|planning|thinking about)"
        r" (?:how|when|where) (?:im going to|i am going to|im gonna|ill|i will|id|i would|"
        r"i could|to) do it"
        r"|decided (?:that )?(?:tonight|today|tomorrow|this weekend) is the (?:night|day)",
    ),
    Phrase(
        "not_here_much_longer",
        SUICIDAL_INTENT,
        r"(?:wont|will not|not going to|not gonna|wont even) be (?:a problem for anyone |"
        r"a problem |a burden |)(?:here|around|alive)?(?= (?:much longer|for much longer|"
        r"for long|anymore|any more|to see)\b| ?$)"
        r"|(?:wont|will not) be (?:a problem|a burden) for anyone (?:much )?longer"
        r"|(?:isnt|is not|wont be|will not be|not going to be|aint) (?:going to be )?"
        r"(?:a|any) next "
        r"(?:year|christmas|summer|birthday|spring|time) for me"
        r"|(?:wont|will not|not going to|wouldnt) do anything (?:while|until|till|before) "
        r"(?:\w+ ){0,3}(?:alive|here|around|gone|over|done)"
        r"|(?:dont|do not) (?:plan on|expect to|intend to|see myself) (?:still )?(?:be|being) "
        r"(?:here|around|alive)"
        r"|(?:it|this|everything|all of this) will (?:all )?be over soon"
        r"|(?:dont think|doubt|not sure|dont know if|dont expect) (?:ill|i will|id|i would|"
        r"im going to|im gonna) still be (?:here|around|alive)"
        r"|(?:dont think|doubt|not sure|dont know if|dont expect) (?:ill|i will|id|i would|"
        r"im going to|im gonna) be (?:here|around|alive) (?:to see|much longer|for much longer|"
        r"anymore|by (?:then|spring|summer|christmas|the end)|next year|at christmas)"
        r"|(?:wont|will not|not going to|not gonna) be (?:anyones|anybodys|your|their|everyones|"
        r"any) (?:problem|burden|worry)",
    ),
    Phrase(
        "keep_safe",
        SUICIDAL_INTENT,
        r"(?:cant|cannot|can not|dont know if i can|not sure i can|unable to|dont think i can|"
        r"cant promise (?:ill|i will|i can)|not sure (?:ill|i will|i can))"
        rf" (?:keep|stay) (?:{_MYSELF} )?safe",
    ),
    # -- plan or means ---------------------------------------------------------------------------
    Phrase(
        "overdose",
        PLAN_OR_MEANS,
        r"(?:take|taking|took|taken|do|doing|did) (?:an |a )?(?:overdose|od)\b"
        rf"|(?:overdose|od|oding) (?:on|{_MYSELF})|overdosed|overdosing"
        r"|(?:want|wanted|wanting|wanna|going|gonna|plan|planning|try|tried|trying|"
        r"thinking about)(?: to)? "
        r"(?:overdose|od)\b",
        negatable=True,
        weak=True,
    ),
    Phrase(
        "pills",
        PLAN_OR_MEANS,
        rf"(?:look\w*|google\w*|search\w*|research\w*|check\w*|read\w*|find\w*) (?:up |about |"
        rf"out )?how many (?:\w+ ){{0,2}}{_PILLS}(?! (?:you|i|we|he|she|they) can (?:safely )?take)"
        rf"|how many (?:\w+ ){{0,2}}{_PILLS} (?:would it take|it would take|it takes|to (?:die|"
        r"not wake|kill|end)|is (?:enough|lethal|too many)|would (?:kill|be enough|do it))"
        rf"|(?:saving|saved|stockpil\w*|hoard\w*|collecting|storing|stashing|stashed|keeping)"
        rf" (?:up )?(?:\w+ ){{0,5}}{_PILLS}"
        rf"|(?:keeping|kept|putting|put|holding|held|setting|set|hiding|hid) (?:back|aside|away)"
        rf" (?:\w+ ){{0,5}}{_PILLS}"
        rf"|(?:putting|put|keeping|kept|setting|set|hiding|hid|saving|saved) (?:\w+ ){{0,5}}"
        rf"{_PILLS} (?:aside|away|back|by)"
        rf"|{_PILLS} (?:stockpiled|saved up|hidden away|stashed)"
        r"|bleed (?:out|to death)"
        rf"|enough {_PILLS}(?: \w+){{0,2}} to (?:do it|die|end|kill|not wake)"
        rf"|(?:have|got|bought|ready) (?:the|enough) {_PILLS}"
        r"|(?:lethal|fatal|deadly) dose"
        rf"|(?:take|taking|swallow\w*|down\w*) (?:all|every one of|the whole (?:bottle|box|"
        rf"packet|pack))(?: (?:of )?(?:my )?{_PILLS})?"
        rf"|too many {_PILLS} on purpose"
        rf"|(?:took|swallowed|take|swallow|taking|swallowing) (?:a (?:bunch|handful|load|lot|"
        rf"pile|fistful) of|loads of|lots of|heaps of) (?:\w+ )?{_PILLS}"
        rf"|count\w* (?:out )?(?:my|the|all my) {_PILLS}",
        negatable=True,
        weak=True,
    ),
    Phrase(
        "rope",
        PLAN_OR_MEANS,
        rf"noose|(?:rope|cord|belt) (?:is )?strong enough|(?:hang|hanging|hung) {_MYSELF}"
        r"|(?:bannister|banister|beam|rafter|hook|loft hatch|door frame|curtain rail|pipe)\b"
        r".{0,30}\bhold my weight"
        r"|(?:branch|tree|beam|hook|rafter) (?:that )?(?:would|will|could|can) hold me\b"
        r"|(?:rope|cord|belt) (?:to|from|over|around) (?:the|a) (?:beam|rafter|rafters|ceiling|"
        r"banister|bannister|tree|door|hook)"
        r"|(?:bought|buy|got|have) (?:a |the |some )?rope\b.{0,40}\b(?:beam|rafter|hang|neck|"
        r"which tree|strong enough)",
        negatable=True,
        weak=True,
    ),
    Phrase(
        "jump",
        PLAN_OR_MEANS,
        r"(?:jump\w*|leap\w*|throw\w* myself) (?:off|from|in front of|under) (?:a |the |this |"
        r"that )?(?:\w+ )?(?:bridge|"
        r"building|roof|rooftop|cliff|balcony|overpass|tower|car park|carpark|parking garage|"
        r"train|bus|truck|lorry|window|ledge|viaduct|platform)"
        r"|(?:edge|railing|ledge) of (?:the|a) (?:roof|bridge|building|car park|platform)"
        r"|(?:drove|went|walked|go|drive|walk) to the (?:bridge|cliff|cliffs)\b.{0,40}"
        r"\b(?:jump|edge|thinking|looking down)"
        r"|which (?:bridge|building|cliff) is (?:highest|tallest|high enough)"
        r"|walk\w* (?:into|out into) the (?:sea|ocean|river|lake|water|waves)(?! (?:for|with|to)\b)"
        r"|(?:thinking|think|thought|dream\w*|imagin\w*) (?:about|of) (?:jumping|throwing myself)"
        r" (?:off|from|in front of)\b"
        r"|how high (?:the|that|this) (?:bridge|building|roof|drop)",
        negatable=True,
        weak=True,
    ),
    Phrase(
        "in_front_of",
        PLAN_OR_MEANS,
        rf"(?:step\w*|walk\w*|throw\w*|lie|lying|lay|jump\w*) (?:{_MYSELF} )?(?:in front of|"
        r"under|onto the tracks|on the tracks)(?: (?:a |the |an )?(?:train|bus|truck|lorry|car|"
        r"traffic|tracks|oncoming))?"
        r"|train times? (?:for|at) the (?:level )?crossing"
        r"|(?:step|stepping|stepped|jump|jumping|fall|falling|throw\w* myself) off the platform"
        r"|walk (?:in|into the \w+) and keep walking|keep walking (?:into|until) the (?:sea|water)",
        negatable=True,
        weak=True,
    ),
    Phrase(
        "gun",
        PLAN_OR_MEANS,
        rf"(?:shoot|shooting|shot) {_MYSELF}|blow my (?:brains|head) (?:out|off)"
        r"|(?:gun|pistol|rifle|shotgun|barrel|revolver) (?:to|against|in|into) my "
        r"(?:head|mouth|temple|chest)"
        r"|(?:load\w*|cock\w*) (?:the|my|a|my dads|dads) (?:gun|pistol|rifle|shotgun)"
        r"|(?:gun|pistol|rifle|shotgun)\b.{0,60}\b(?:loaded it|sat with it|held it|in my lap|"
        r"in my mouth|to my head)"
        r"|(?:key|keys|code|combination) (?:to|for) (?:the|my \w+s|\w+s) (?:gun|rifle) (?:safe|"
        r"cabinet|cupboard)"
        r"|bullet (?:in|into|through) my (?:head|brain|mouth|skull)",
        negatable=True,
        weak=True,
    ),
    Phrase(
        "gun_access",
        PLAN_OR_MEANS,
        r"(?:gun|guns|rifle|shotgun|pistol)\b.{0,60}\bi (?:know|found|have|got) (?:where )?"
        r"(?:the )?"
        r"(?:key|keys|code|combination|ammo|bullets|cartridges|shells)"
        r"|i (?:know|found|have|got) (?:where )?(?:the )?(?:key|keys|code|ammo|bullets)\b.{0,40}"
        r"\b(?:gun|guns|rifle|shotgun|pistol)",
    ),
    Phrase(
        "car",
        PLAN_OR_MEANS,
        r"(?:drive|driving|drove|crash\w*|steer\w*|swerv\w*|plough\w*|plow\w*) (?:my |the )?"
        r"(?:car |truck |van )?(?:into|off) (?:a |the |an )?(?:wall|tree|bridge|cliff|river|"
        r"oncoming|traffic|truck|lorry|pole|barrier|lamppost|lamp post|embankment|quarry)"
        r"|crash (?:my|the) car on purpose|on purpose.{0,20}\bcrash"
        r"|(?:let|letting|flick|flicking|jerk|jerking|yank|yanking) (?:go of )?the "
        r"(?:steering )?wheel"
        r"|(?:exhaust|hose)\b.{0,40}\bgarage|garage\b.{0,40}\b(?:exhaust|hose|engine running)",
        negatable=True,
        weak=True,
    ),
    Phrase(
        "method_research",
        PLAN_OR_MEANS,
        rf"(?:ways|way|methods|method|how) to (?:die|{_KILL} {_MYSELF}|end it|end my life)"
        r"|painless (?:way|ways|method|methods)",
        weak=True,
    ),
    # -- wish to die -----------------------------------------------------------------------------
    Phrase(
        "wish_i_was_dead",
        WISH_TO_DIE,
        r"wish (?:i|id) (?:was|were|had been|had never been|d never been|was never|were never|"
        r"never was) (?:dead|born|gone)"
        r"|wish (?:i|id) (?:had )?(?:never|not) (?:been born|existed|woken up)",
    ),
    Phrase(
        "not_wake_up",
        WISH_TO_DIE,
        r"(?:wish|hope|hoping|pray|praying|want|rather)\b.{0,20}?\b(?:that )?(?:i|id) "
        r"(?:just |simply )?(?:dont|do not|wont|"
        r"will not|never|wouldnt|didnt) wake(?: up)?+"
        r"(?! (?:late|early|on time|in time|before|until|till|at|with|to|in the night|during)\b)"
        r"|(?:sleep|asleep|bed|eyes)\b.{0,20}\b(?:never|not) (?:wake|waking|woke) up"
        r"(?! (?:late|early|on time|in time|before|until|till)\b)"
        r"|(?:disappointed|gutted|upset|sad|sorry) (?:that )?i (?:woke|wake)(?: up)?(?= at all\b|"
        r" ?$)"
        r"|(?:wake|woke|waking) up and (?:wish|wished) i (?:hadnt|had not|didnt|did not|was dead)"
        r"|(?:wish|wished) i (?:hadnt|had not) (?:woken|woke)"
        r"|if i (?:just |simply |ever )?(?:never|didnt|did not|dont|do not) (?:woke|wake) up"
        r"(?! (?:late|early|on time|in time|before|until|till)\b)",
    ),
    Phrase(
        "wouldnt_mind_dying",
        WISH_TO_DIE,
        r"(?:wouldnt|would not|dont|do not) (?:mind|care) if (?:i (?:died|didnt wake|never woke|"
        r"was gone|were gone|got hit|was dead|were dead|wasnt here)|a (?:car|bus|truck|lorry|train)"
        r" (?:hit|ran over|killed) me)"
        r"|if (?:a|the|some) (?:car|bus|truck|lorry|train|van) (?:hit|hits|ran over|runs over|"
        r"killed|kills) me\b.{0,30}\b(?:wouldnt mind|would not mind|wouldnt care|dont mind|fine|"
        r"relief|welcome)"
        r"|if (?:i died|my heart (?:just )?stopped|i didnt wake up)(?: tomorrow| tonight| today|"
        r" in my sleep)?\b.{0,30}\b(?:fine|happy|relief|relieved|grateful|glad|"
        r"okay|ok|wouldnt mind|wouldnt care|good thing)",
    ),
    Phrase(
        "tired_of_living",
        WISH_TO_DIE,
        r"(?:tired|sick|weary|done|fed up) (?:of|with) (?:living|being alive|existing|life|"
        r"being here|it all|everything)(?! (?:out of|in|with|on|at|off|abroad|admin)\b)",
    ),
    Phrase(
        "no_point",
        WISH_TO_DIE,
        r"(?:point (?:in|of)|no point) (?:living|going on|being alive|staying alive|carrying on|"
        r"existing|"
        r"life anymore|waking up)(?! (?:abroad|in|with|on|at|near|together|here|there|out of)\b)",
    ),
    Phrase(
        "stop_existing",
        WISH_TO_DIE,
        r"(?:wish|want|wanna|would love|like|long) (?:i could |to )?(?:just )?(?:stop existing|"
        r"cease to exist|not exist|not be alive|sleep forever|go to sleep forever)"
        r"|(?:relief|easier|better|peaceful) (?:to )?(?:not exist|stop existing|be dead|"
        r"not be alive)"
        r"|(?:want|wish|need) (?:it all|everything|all of it|all of this|my life) to "
        r"(?:end|stop|be over)(?! (?:for (?:a|the|one)|until|till|so i can)\b)"
        r"|(?:hate|hating) (?:being alive|existing|living)"
        r"|(?:want|wanna) to stop (?:living|existing|breathing)"
        r"|(?:wish|wishing|hope|hoping|long|longing|pray|praying)\b.{0,25}\b(?:fall asleep|"
        r"go to sleep|sleep) (?:forever|for ever|and never)"
        r"|never have to (?:come back|wake up|wake again)"
        r"|(?:hop|wish|pray|want)\w*\b.{0,40}\b(?:would|will|might|could) (?:finish me|kill me|"
        r"take me out|end me)(?! off\b)"
        r"|(?:want|wants|wish|wishing|hope|hoping)\b.{0,10}\b(?:a|the|some) (?:car|bus|truck|lorry|"
        r"van|train) to (?:hit|take|kill|run|mount|plough|come)"
        r"|(?:fine|okay|ok|happy|content|at peace) with (?:not waking up|never waking up|dying|"
        r"not being here|not existing|not being alive)"
        r"|(?:hope|hoping|wish|wishing|pray|praying)\b.{0,20}\b(?:something|a car|a bus|a truck|"
        r"a lorry|someone|lightning|a train) (?:hits|hit|kills|runs over|would hit|will hit) me"
        r"|if i got (?:cancer|ill|sick|hit)\b.{0,30}\b(?:relieved|relief|glad|fine|happy|welcome)"
        r"|(?:want|wanna) out of (?:this )?life"
        r"|(?:life|living|existing|my life) (?:is|feels) (?:pointless|meaningless|not worth it)",
    ),
    Phrase(
        "dont_want_to_live_2",
        WISH_TO_DIE,
        r"(?:no reason|nothing|nobody) (?:left )?to live for",
    ),
    Phrase(
        "not_worth_living",
        WISH_TO_DIE,
        r"(?:life|it|my life) (?:isnt|is not|aint) worth (?:living|it anymore)"
        r"|not worth living",
    ),
    Phrase(
        "cant_go_on",
        WISH_TO_DIE,
        r"(?:cant|can not|cannot) (?:go on|keep going|do this) (?:anymore|any more|any longer)"
        r"|(?:give|giving|gave|given) up (?:for good|on (?:life|living|being alive))",
    ),
    Phrase(
        "disappear_forever",
        WISH_TO_DIE,
        r"(?:disappear|dissapear|dissappear|disapear|vanish) (?:forever|for good)",
    ),
    # -- burden ----------------------------------------------------------------------------------
    Phrase(
        "better_off_dead",
        BURDEN,
        r"(?:better|beter) off (?:dead|ded|without me|if i (?:was|were|wasnt|werent|was not|"
        r"were not) (?:gone|dead|here|around|alive|never born))",
    ),
    Phrase(
        "happier_without_me",
        BURDEN,
        r"(?:happier|easier|better|relieved)\b.{0,20}\bif i (?:was|were|wasnt|werent|was not|"
        r"were not) (?:gone|dead|here|around|alive)"
        r"|(?:stop|stops|stopped) hurting if i (?:wasnt|werent|was not|were not) (?:here|around)"
        r"|(?:happier|easier|better|relieved)\b.{0,20}\bif i (?:just )?(?:disappeared|died|"
        r"vanished|was gone|were gone)"
        r"|(?:im|i am|i feel like|feel like) (?:such |just )?(?:a )?dead weight"
        r"|(?:world|everyone|everybody|they|family|kids|lives|life|team) (?:would|will|d|s) be "
        r"(?:a |so much |much |far )?(?:better|easier|happier|lighter|simpler) (?:place |off )?"
        r"without me"
        r"|(?:better|easier|happier|lighter|simpler) without me (?:in (?:it|them|the picture)|"
        r"around|here|dragging)",
    ),
    Phrase(
        "a_burden",
        BURDEN,
        r"burden(?! free)(?: (?:to|on|for) (?:everyone|everybody|my|them|you|people|the))?",
        negatable=True,
        weak=True,
    ),
    Phrase(
        "no_one_would_miss_me",
        BURDEN,
        r"(?:nobody|no one|noone|no body)\b.{0,25}\b(?:miss|notice|care)\b.{0,25}\bif i (?:died|"
        r"was gone|were gone|disappeared|was dead|wasnt here|vanished)"
        r"|(?:nobody|no one|noone) (?:would|will)(?: even)? (?:miss|notice) me"
        r"|(?:nobody|no one|noone|they|you|everyone) (?:will|would|d|ll)(?: ever)? (?:have to|need"
        r" to) (?:worry|deal|put up|bother) (?:about|with) me(?: again| anymore| any more)?",
    ),
    # -- farewell --------------------------------------------------------------------------------
    Phrase(
        "goodbye",
        FAREWELL,
        r"this is (?:my )?goodbye|goodbye (?:forever|everyone|everybody|world|cruel)"
        r"|(?:said|saying|say) my (?:final |last )?goodbyes?(?! (?:at|to the|to the team|"
        r"to the crew|"
        r"before (?:i|we) (?:move|leave|go on)|on my last day)\b)"
        r"|(?:thanks|thank you) for everything (?:and )?goodbye"
        r"|(?:written|wrote|finished) my (?:note|goodbye|last letter)"
        r"|love you (?:all|both|so much)\b.{0,20}\b(?:goodbye|im sorry|i am sorry)"
        r"|(?:saying|said|say) goodbye to (?:everyone|everybody|all of you|you all|the places|"
        r"places|the people|people|everything) i love"
        r"|(?:final|last) goodbye"
        r"|by the time (?:you|anyone|someone|they|people) (?:read|reads|find|finds|see|sees) this"
        r"|(?:last|final) (?:thing|message|entry|post|words|note) (?:ill|i will|im going to|"
        r"i am going to|youll|you will) (?:ever )?(?:write|say|hear|post|read)",
        weak=True,
    ),
    Phrase(
        "giving_away",
        FAREWELL,
        r"giv\w* away\b.{0,60}\b(?:wont|will not) (?:be )?need"
        r"|gave away\b.{0,60}\b(?:wont|will not) (?:be )?need"
        r"|(?:giv\w*|gave) away\b.{0,60}\b(?:nobody|no one) (?:has|have|will have|needs) to"
        r"|(?:wont|will not) (?:be )?need(?:ing)? (?:it|them|any of (?:it|this|them)|my \w+)"
        r"(?: anymore| any more| where im going| after)"
        r"|(?:wont|will not) (?:be )?need(?:ing)? (?:it|them|any of (?:it|this|them))"
        r"(?= ?$| either\b)"
        r"|(?:wont|will not) (?:be )?need(?:ing)? (?:the|my) \w+(?: (?:or|and) (?:the|my) \w+)? "
        r"(?:either|anymore|any more)"
        r"|(?:to whoever|whoever) (?:reads|finds) this",
        weak=True,
    ),
    Phrase(
        "secret_goodbye",
        FAREWELL,
        r"(?:know|knew|knowing|realise\w*|realize\w*) (?:it|this|that) was (?:a |my )?goodbye"
        r"|(?:know|knew|knows) (?:its|it is|this is|it was) (?:a |my )?goodbye"
        r"|was (?:a|my) (?:last|final) goodbye",
    ),
    Phrase(
        "when_im_gone",
        FAREWELL,
        r"(?:when|after|once) (?:im|i am) (?:gone|dead|not here|not around)"
        r"|(?:letter|letters|note|notes)\b.{0,60}\bfor (?:them|him|her|you|my \w+|the \w+|someone|"
        r"everyone|\w+) to find"
        r"|if (?:youre|you are|anyone is|someone is) reading this (?:im|i am) (?:sorry|gone|dead)"
        r"|please (?:dont|do not) blame yourselves"
        r"|affairs in order(?! (?:before|for) (?:the|my) (?:op|operation|surgery|move|trip|wedding|"
        r"baby)\b)"
        r"|everything in order before i go"
        r"|(?:letter|letters|note|notes) for each of"
        r"|said (?:what|everything|all) i (?:needed|wanted|had) to say"
        r"|if (?:you|anyone|someone) (?:find|finds|reads|read) this(?: (?:im|i am) sorry)?"
        r"|instructions for (?:the|my) funeral|my funeral (?:plans|wishes|instructions)"
        r"|plann\w* my (?:own )?funeral"
        r"|before i go(?! (?:on|to|out|away|home|back|in|for|shopping|abroad|into|off|up|down|"
        r"over|and|through)\b)"
        r"|tell (?:my|the) (?:kids|children|family|wife|husband|mum|mom|dad|parents|son|daughter|"
        r"boys|girls|partner) (?:that )?i (?:love|loved|am sorry|m sorry|im sorry)",
        weak=True,
    ),
    # -- self harm -------------------------------------------------------------------------------
    Phrase(
        "hurt_myself",
        SELF_HARM,
        rf"(?:hurt|hurts|hurting|harm|harming|harmed|cut|cuts|cutting|burn|burns|burning|burned|"
        rf"burnt|hit|hits|hitting|punch|punching|punched|scratch|scratching|scratched|stab|"
        rf"stabbing|stabbed|bite|biting|slap|slapping|slapped|bruise|bruising|bruised|starve|"
        rf"starving|starved) {_MYSELF}{_ACCIDENT}",
        negatable=True,
    ),
    Phrase("self_harm", SELF_HARM, r"self ?harm\w*|self injur\w*", negatable=True, weak=True),
    Phrase(
        "cutting_again",
        SELF_HARM,
        r"(?:started|start|starting|been|keep|kept|back to|went back to|going back to|"
        r"gone back to|relapsed|resorted to|urge to|urges to|want to|wanna|need to|tempted to|"
        r"craving|crave|stop myself) (?:on |into |from )?(?:cutting|burning|cut|burn|scratching)"
        + _SH_NEXT
        + r"|(?:urge|urges|need|craving|itch) to (?:cut|burn|hurt myself|self harm)"
        r"(?! (?:down|back|out|it|the|my|some|costs|ties|corners|off|up|through|a|an)\b)"
        r"|used to (?:cut|burn)(?= (?:as|when|at|in my|myself|and|but)\b| ?$)"
        r"|(?:havent|have not|hadnt|didnt|did not|not) (?:cut|burned|burnt|self harmed|"
        r"hurt myself)(?: myself)?\b.{0,80}\bbut\b.{0,60}?\b(?:i |id )?(?:really |so |still )?"
        r"(?:wanted|want|wanna|need|needed|crave|craved|miss it|am tempted|m tempted|was tempted)",
        negatable=True,
        weak=True,
    ),
    Phrase(
        "cut_my_body",
        SELF_HARM,
        rf"carv\w* (?:into )?my {_BODY}|"
        rf"(?:cut|cutting|slit|slitting|slash|slashing|slashed|sliced|slicing) (?:both )?(?:my )?"
        rf"(?:wrist|wrists|arms|thighs|legs|skin|forearms){_ACCIDENT}"
        rf"|(?:razor|blade|blades|lighter|cigarette|cigarettes|knife|glass|compass) (?:on|to|"
        rf"against|into|across) my {_BODY}"
        r"|(?:used|use|using) (?:a |the |my )?(?:razor|blade|lighter|cigarette)s? on my"
        r"|using (?:them|it|those|that) on my (?:wrists|wrist|arms|thighs|legs|skin)"
        rf"|(?:burn|burning|burned|burnt) (?:the (?:inside|back|top) of )?my {_BODY} with "
        r"(?:a |the |my )?(?:lighter|cigarette|cigarettes|match|matches|iron)"
        r"|my (?:arms|wrists|thighs|legs|stomach|skin) (?:are|is) (?:covered in|full of) "
        r"(?:cuts|scars|burns|marks)"
        r"|(?:cuts|scars|burns|marks) on my (?:arms|wrists|thighs|legs|stomach|skin|forearms)",
        negatable=True,
    ),
    Phrase(
        "on_purpose",
        SELF_HARM,
        r"(?:cut|burn|burned|burnt|hit|hurt|scratch\w*|bang\w*|punch\w*|bit|bite|bruis\w*)\b"
        r".{0,50}\b(?:on purpose|deliberately|intentionally)"
        r"|wanted it to hurt|so (?:it|that it) would hurt"
        r"|deserve (?:to )?(?:pain|to suffer|to hurt|to be hurt|to be punished|the pain)"
        r"|(?:until|till|til) (?:it|they|my \w+) (?:bled|bleeds|bleed|bleeding|swell\w*|bruis\w*|"
        r"blister\w*|"
        r"broke|cracked|split)",
        weak=True,
    ),
    Phrase(
        "hide_the_cuts",
        SELF_HARM,
        r"(?:hide|hid|hiding|cover|covered|covering) (?:the |my )?(?:cuts|scars|burns|marks)",
        weak=True,
    ),
    # -- concepts: a wish and the writer's own death or absence, a few words apart ---------------
    # Wider than the phrases above: for the many ways of saying it that no fixed phrase covers
    # ("part of me wants to just not come home from the next job"). No other person and no
    # negation may stand between the wish and the death.
    Phrase(
        "wish_to_be_gone",
        WISH_TO_DIE,
        rf"(?<!heart and )(?<!heart )(?:want|wants|wanted|wish|wished|wishes|wishing|hope|hoped|"
        rf"hopes|hoping|pray|prayed|"
        rf"prays|praying|long|longing|love to|anything to|ready to|welcome|envy|jealous of)"
        rf"{_GAP}(?:die|be dead|not exist|stop existing|cease to exist|"
        r"not be (?:here|around|alive)|(?:disappear|vanish)(?= ?$| (?:forever|for good|for ever|"
        r"and never|completely|permanently)\b)|(?:not|never|dont|wont|didnt) (?:wake|waking|woke|"
        r"come back|coming back|come home)\b(?: up)?+(?! (?:late|early|on time|in time|before|"
        r"until|"
        r"till|at|with|to|in the night|during|from (?:work|holiday|the trip))\b)|go black|"
        r"stay asleep|sleep forever|be gone|"
        r"go with (?:her|him|them)(?= ?$)|it had worked|stop (?:everything|forever)|"
        r"(?:out|gone|away)(?: \w+){0,5}? permanently|in the (?:body bag|coffin|ground)|get cancer|"
        r"something terminal|"
        r"death|the dead|(?:plane|flight) (?:goes|go|would go|went) down|"
        r"(?:take|takes|finish|finishes|kill|kills|hit|hits) me(?: off| out)?(?= ?$|"
        r" (?:in my sleep|"
        r"now|tonight|already|please|and)\b))",
        negatable=True,
        weak=True,
    ),
    Phrase(
        "being_gone_a_relief",
        WISH_TO_DIE,
        r"(?:not exist\w*|stop(?:ped)? existing|be dead|being dead|my death|to die|not being "
        r"(?:here|around|alive)|not (?:waking|wake) up|never waking up|(?:wasnt|werent) here|"
        r"be gone)\b(?: \w+){0,5}? (?:(?:would|will|could|d|is|feels|seems)(?: \w+){0,2}? "
        r"(?:a relief|relief|peaceful|peace|easier|calm|welcome|a mercy|mercy|a blessing|freedom|"
        r"kinder)|(?:im|i am|id be|i would be) (?:at peace|ok|okay|fine|relieved|ready))"
        r"|(?:relief|relieved|peaceful|easier|kindest thing|calm|nice|lovely|bliss)(?: \w+){0,4}?"
        r" (?:to (?:just )?)?(?:not (?:to )?exist|be dead|die|not be here|stop existing|"
        r"not wake up|be gone)"
        r"|(?:easier|better|relief|fine|okay)(?: \w+){0,3}? if (?:someone|something|a (?:car|bus|"
        r"lorry|truck|train)) (?:ploughed into|hit|hits|killed|ran over|runs over|crashed into) me"
        r"|(?:imagin\w*|picturing|daydream\w*) (?:about |of )?(?:not existing|not being here|"
        r"being dead|my (?:own )?death|dying)"
        r"|(?:simpler|easier|better|peaceful|calmer|kinder|relief)(?: \w+){0,4}? if i (?:just )?"
        r"(?:didnt exist|did not exist|wasnt here|was not here|was dead|was gone|died)"
        r"|(?:feel|feels|felt) like (?:im|i am|i was) already (?:gone|dead)"
        r"|(?:picture|imagine|imagining|picturing) my (?:own )?funeral",
        weak=True,
    ),
    Phrase(
        "better_without_me",
        BURDEN,
        rf"(?:better|happier|easier|free|freer|relieved|fine|simpler|lighter|cope|breathe easier)"
        rf"{_GAP}(?:without me(?! (?:on|at|in) (?:the|this|our) (?:team|meeting|shift|rota|group|"
        r"trip)\b)|if i (?:just )?(?:was|were|wasnt|werent|was not|were not)(?: \w+){0,2}? "
        r"(?:here|around|gone|dead|alive|in the picture|in it)\b|if i (?:just )?(?:disappeared|"
        r"vanished|died|stopped existing|was gone|were gone)|than (?:with|having) me\b|"
        r"(?:when|once) im gone|if i (?:was|were) out of (?:the picture|the way|their lives))"
        r"|(?:harder|worse|miserable)(?: \w+){0,3}? (?:just )?by (?:existing|being (?:here|alive|"
        r"around))"
        r"|(?:without me (?:around|here|in the picture|in it)|if i (?:just )?(?:wasnt|werent|"
        r"was not|were not) (?:here|around|in the picture))(?: \w+){0,6}? (?:better|happier|"
        r"easier|free|fine|relieved|happy|cope|simpler)"
        r"|waiting for me to (?:go|die|be gone|disappear)"
        r"|remove myself(?! from (?:the|this|that|a)\b)"
        r"|(?:notice|miss me|care) if i (?:just )?(?:wasnt|was not|werent|were not) "
        r"(?:here|around)(?= ?$| any ?more\b| anymore\b| tomorrow\b)",
    ),
    Phrase(
        "not_see_it",
        SUICIDAL_INTENT,
        r"(?:dont|do not) (?:think|expect|see myself) (?:ill|i will|id|i would|im going to|to)? ?"
        r"(?:see|make it to|reach|get to|seeing|making it to) (?:my )?(?:next|another|\d+\w*|"
        r"this) (?:birthday|christmas|year|summer|spring)?",
    ),
    Phrase(
        "a_plan",
        PLAN_OR_MEANS,
        r"(?:have|got|made|there is) a plan and a (?:date|time|place|method)"
        r"|(?:planned|worked) (?:it|everything|it all) out(?= ?$| (?:already|now|properly)\b)"
        r"|(?:the|my) plan is (?:to )?(?:do it|pills|the (?:pills|tablets|rope|bridge|car|train)|"
        r"rope|to jump|to drive|to hang|to overdose)"
        r"|(?:got|have|ve got) everything i need (?:for when|to do it|now)"
        r"|(?:havent|have not|hadnt|not) (?:taken|used|swallowed|done) (?:them|it)(?: \w+)? yet\b"
        r"|(?:picked|chosen|chose|set) (?:a|the) (?:date|day)(?! for (?:the|our|my|a) (?:wedding|"
        r"party|move|holiday|trip|op|operation|surgery|interview|exam|do)\b)"
        r"|(?:got|have|ve got) (?:it|everything) (?:all )?ready(?= ?$| now\b| for when\b)",
        weak=True,
    ),
)

# A negation right before a negatable phrase, with at most three filler words between.
_NEGATION_BEFORE = re.compile(
    r"\b(?:not|never|no|no longer|dont|doesnt|didnt|wont|wouldnt|isnt|wasnt|havent|am not|"
    r"im not|wouldn t|couldnt|cant)"
    r"(?: (?:really|actually|ever|feeling|been|at all|going to|gonna|even|currently|thinking|"
    r"having|thoughts|thought|urges|about|of|want to|want|planning to|plan to|i|im|would|could|"
    r"do|to|think|intention to|plans to|had|any)){0,4} $"
)
_ANSWERED_NO_NEXT = re.compile(
    r"^ (?:no|nope|i (?:havent|have not|hadnt|dont|do not|wasnt|am not|m not|said no))\b"
)
# "I never thought I'd be someone who wanted to die" denies nothing.
_NOT_A_DENIAL = re.compile(r"\bnever (?:thought|imagined|expected|believed) (?:that )?i")
# The sentence after a denial that turns back to it ("Not today. Tomorrow I don't know.").
_TURN_BACK_NEXT = re.compile(
    r"^ (?:tomorrow|next week|the weekend|after that|later|tonight)\b.{0,20}\b(?:dont know|"
    r"cant (?:promise|say)|not sure|who knows|might|maybe)|^ (?:not )?yet\b|^ (?:for now|"
    r"probably|maybe)\b|^ but (?:i )?(?:still |really )?(?:want|wanna|need|will|might|could)\b"
)
_ASKED_BEFORE = re.compile(r"\basked (?:me )?(?:if|whether|about)\b")
_ANSWERED_NO = re.compile(r"\b(?:said|say|answered|answer|could say|told (?:her|him|them)) no\b")
# After a negated phrase: the sentence turns back to it ("...yet", "...but I want to").
_TURN_BACK = re.compile(
    r"^\W*(?:\w+ ){0,6}?yet\b"
    r"|\b(?:but|though|although) (?:i |id |im )?(?:really |still |so |do |just )*(?:want to|"
    r"wanna|want|need to|might|could|may|will|am going to|m going to|going to|think about it|"
    r"thought about it|feel like it|keep thinking about it)"
    r"(?: so badly| badly| really| soon| tonight| do it| so much)? $"
    r"|\bbut (?:i )?(?:cant|can not|cannot) (?:say|promise)\b|\bbut\b.{0,30}\btomorrow\b"
)

_REPORTED = re.compile(
    r"\b(?:he|she|they|patient|pt|caller|client|man|woman|resident|tenant|lad|boy|girl|teenager|"
    r"guy|lady|casualty|kid|male|female)(?: \w+){0,2} (?:said|says|saying|told (?:me|us|the \w+)|"
    r"screamed|screaming|shouted|shouting|yelled|yelling|wrote|texted|messaged|disclosed|"
    r"admitted|stated|reported)(?: that)?(?: \w+){0,3} $"
)
_PATIENT_REF = re.compile(r"\b(?:bed|bay|cubicle|room|cell) \d+\b")
_FIRST_PERSON = frozenset({"i", "im", "ive", "id", "ill", "me", "my", "myself", "mine"})
_THIRD_PERSON = frozenset(
    {
        "he", "she", "they", "hes", "shes", "theyre", "theyd", "him", "his", "her", "hers",
        "them", "their", "himself", "herself", "themselves", "we", "patient", "patients", "pt",
        "client", "clients", "caller", "callers", "resident", "tenant", "man", "woman", "male",
        "female", "guy", "lady", "teenager", "teen", "boy", "girl", "child", "person", "someone",
        "somebody", "character", "characters", "son", "daughter", "husband", "wife", "brother",
        "sister", "friend", "mate",
        "colleague", "officer", "student", "students", "people", "who", "user", "kid", "driver",
    }
)  # fmt: skip
# Work, care and reading: a sentence about these is not the writer's own danger, unless the
# writer stands right before the phrase.
_CONTEXT = re.compile(
    r"\b(?:attended|attend|attending|responded|respond|dispatched|dispatch|calls?|job|jobs|scene|"
    r"shift|handover|ward|bay|units?|crew|training|trained|prevention|awareness|course|workshop|"
    r"module|podcast|documentary|book|article|research|rates|statistics|assessment|policy|"
    r"poster|inquest|coroner|coroners|report|lecture|volunteer|film|series|warning signs|"
    r"safety plan|referred|referral|admitted|history of|found with|on scene|cpr|999|911|112|"
    r"000|ambulance|police|paramedic|paramedics|nurse|nurses|learned|learnt|taught|teaching|"
    r"reading|read about|watched|listened|talk|session|seminar|conference|cpd|placement|lesson|"
    r"class|webinar|study day)\b"
)
_PAST = re.compile(
    r"\b(?:years ago|year ago|months ago|long time ago|long ago|used to|when i was|my teens|"
    r"through school|as a "
    r"(?:kid|child|teenager|teen|student)|in my (?:teens|twenties|20s|thirties|30s|youth)|back "
    r"(?:then|in|when)|i was|i tried|i attempted|i had|i felt|i thought|i cut|in the past|"
    r"at (?:school|uni|university|college)|the last time i|(?:19|20)\d\d)\b"
)
_WELL_NOW = re.compile(
    r"\b(?:good place|doing (?:well|ok|okay|better|good|great)|better now|"
    r"(?<!if )(?:im|i am) (?:ok|okay|"
    r"fine|well|safe|happy|glad|grateful|proud)|safe now|recovered|recovery|got help|glad (?:i|"
    r"im)|grateful|proud of|havent (?:felt|thought|had|cut|hurt|done|self harmed)\w*\b.{0,30}"
    r"\b(?:since|in|for)\b|(?:dont|do not|no longer) (?:feel|think) (?:that way|like that|"
    r"about it)|behind me|happy now|still here|therapy helped|(?:years|months) clean|"
    r"life is good|lifes good|far from that|(?:im|i am) \d+ now)\b"
)
_STILL_NOW = re.compile(
    r"\b(?:lately|recently|tonight|right now|this week|these past|coming back|creeping back|"
    r"is back|are back|back again|started again|starting again|happening again|"
    r"(?<!never )(?<!that way )again lately|still (?:want|think|feel|have|wish)|but now|"
    r"now i (?:want|wanna|feel like|think about|keep|cant|am going|m going|plan)|urge is back|"
    r"(?:cutting|hurting myself|thinking about it|thinking about suicide|suicidal) again)\b"
)
# Right before a phrase: it is meant now, whatever else the sentence says of the past.
_NOW_BEFORE = re.compile(
    r"\b(?:im|i am|planning|going to|gonna|want|wanna|will|ill|now|still|again)"
    r"(?: \w+){0,2} $"
)
_TOPIC = frozenset(
    {"about", "on", "in", "covering", "covered", "spotting", "and", "signs", "lists", "including"}
)
# Words that only soften or stress ("I'd honestly be better off dead"): dropped before matching,
# so that a phrase is not missed for a word put in the middle of it.
_FILLER = re.compile(
    r"(?<= )(?:honestly|really|actually|literally|genuinely|seriously|truly|basically|totally|"
    r"completely|kinda|kind of|sort of|sorta|lowkey|low key|ngl|tbh|fr|rn|lol|lmao|like lol|"
    r"pretty much|properly|quietly|secretly|half) (?=\w)"
)
# Texting and common misspellings, word for word (after `normalise`).
_SPELLINGS = {
    "wanna": "want to", "wana": "want to", "wnna": "want to", "wna": "want to",
    "wnt": "want", "wnat": "want", "whant": "want", "gonna": "going to", "gona": "going to",
    "gunna": "going to", "tryna": "trying to", "ima": "im going to", "imma": "im going to",
    "shud": "should", "shld": "should", "wud": "would", "cud": "could", "cnt": "cant",
    "bout": "about", "abt": "about", "2nite": "tonight", "2night": "tonight",
    "tonite": "tonight", "2day": "today", "2moro": "tomorrow", "tmrw": "tomorrow",
    "agen": "again", "agn": "again", "actualy": "actually", "srsly": "seriously",
    "rly": "really", "u": "you", "ur": "your", "ded": "dead", "kil": "kill", "kild": "killed",
    "suicidle": "suicidal", "suicidel": "suicidal", "sucidal": "suicidal",
    "sucide": "suicide", "suicde": "suicide", "suiside": "suicide", "sewerslide": "suicide",
    "myslef": "myself", "mysef": "myself", "meself": "myself", "wen": "when", "cos": "because",
    "coz": "because", "bc": "because", "tho": "though", "thru": "through", "nd": "and",
    "thinkin": "thinking", "killin": "killing", "endin": "ending", "offin": "offing",
    "feelin": "feeling", "tryin": "trying", "goin": "going", "doin": "doing",
    "cuttin": "cutting", "hurtin": "hurting", "lookin": "looking", "findin": "finding",
    "plannin": "planning", "jumpin": "jumping", "burnin": "burning", "wishin": "wishing",
    "hopin": "hoping", "dyin": "dying", "takin": "taking", "sayin": "saying",
    "nothin": "nothing", "somethin": "something", "sumthin": "something", "fuckin": "fucking",
    "forevr": "forever", "4ever": "forever", "disapear": "disappear", "dissapear": "disappear",
}  # fmt: skip
_TEXTING_AS = {
    " b ded ": " be dead ", " b dead ": " be dead ", " b gone ": " be gone ",
    " kermit suicide ": " commit suicide ", " kermit sewer slide ": " commit suicide ",
    " sewer slide ": " suicide ", " sewer side ": " suicide ",
}  # fmt: skip
_TEXTING = re.compile("|".join(_TEXTING_AS))
_TWO_AS_TO = re.compile(r"\b(want|wants|wanted|going|need|have|try|trying|ready|about) 2\b")
_SENTENCE_SPLIT = re.compile(r"[.!?;\u2026]+|\n\s*\n|\s[-\u2013\u2014]\s")


# A means of dying or of self harm, and, in the same sentence or the next, a sign that the
# writer is weighing it ("I took the shotgun out... I don't know why I stopped"). The writer
# must be in it, and the means sentence must not be about someone else.
MEANS_WITH_INTENT = Phrase("means_with_intent", PLAN_OR_MEANS, "", weak=True)
HARM_WITH_MARKS = Phrase("harm_with_marks", SELF_HARM, "", weak=True)
LAST_AND_SECRET = Phrase("last_and_secret", SUICIDAL_INTENT, "", weak=True)
ARRANGEMENTS = Phrase("arrangements", FAREWELL, "", weak=True)
ATTEMPT_AGAIN = Phrase("attempt_again", SUICIDAL_INTENT, "", weak=True)
_FINAL = re.compile(
    r"\b(?:the|my) last (?:\w+ ){0,2}(?:roast|christmas|birthday|summer|dinner|weekend|holiday|"
    r"time (?:ill|i will|i ll) see)\b|\bstill (?:be )?(?:here|alive|around) (?:by|at|for|next)\b"
    r"|\b(?:wont|will not|not) be coming back\b"
    r"|\b(?:decision is made|made (?:the|my) decision|made up my mind)\b|\bone last time\b"
    r"|\b(?:wont|will not) be back(?= ?$| again\b)"
)
_SECRET = re.compile(
    r"\b(?:(?:they|nobody|no one|noone|she|he) (?:has|have|knows|know|had) no idea|"
    r"(?:nobody|no one|noone) knows|(?:havent|have not|not) told (?:anyone|anybody|them|her|him)|"
    r"they dont know|they think|(?:im|i am|i feel) (?:not scared|not afraid|at peace|peaceful|"
    r"so calm)|(?:feel|feels|felt) (?:so )?(?:peaceful|calm|at peace)|not scared anymore|"
    r"(?:doesnt|dont|do not|does not) know why|without (?:her|him|them) knowing|i feel ready|"
    r"(?:feels|felt) like the end|made my peace|(?:need|needs) to know why)\b"
)
_ARRANGEMENTS = re.compile(
    r"\b(?:(?P<letters>letters? (?:written|done|for)|wrote (?:the |my )?letters|"
    r"(?:letters?|notes?) (?:to|for) (?:each|every|all|everyone)|(?:wrote|written|writing) "
    r"(?:\w+ ){0,2}(?:letters|notes)|(?:left|wrote) a note for|(?:recorded|made) a video for (?:my|"
    r"the))|"
    r"(?P<passwords>passwords?|pin numbers?|pin for|bank details|where the (?:spare )?keys are)|"
    r"(?P<belongings>(?:should|can|will|gets to) have my \w+|(?:gave|giving) (?:away )?my "
    r"(?:medals|watch|ring|guitar|records|tools|gear|boots|bike|books|clothes|stuff|things))|"
    r"(?P<will>(?:my |the )?will (?:is )?(?:sorted|done|written|signed|updated)|"
    r"(?:sorted|wrote|updated|signed) (?:my|the) will|(?:with|in) my will)|"
    r"(?P<funeral>funeral)|(?P<insurance>life insurance|policy paid)|"
    r"(?P<pets>(?:dog|cat|dogs|cats|kids) (?:is |are )?(?:going|goes|will go) to|look after "
    r"(?:the|my) (?:dog|cat|kids|boys|girls|missus|wife|husband|mum)|(?:gave|giving|rehomed|"
    r"rehoming) (?:the|my) (?:dog|cat)|who gets (?:the|my) (?:dog|cat)|who gets what)|"
    r"(?P<papers>where (?:all )?(?:the|my) (?:paperwork|documents|papers) (?:is|are)|"
    r"left instructions|instructions for)|"
    r"(?P<thanks>(?:thank you|thanks) for everything|sorry to everyone)|"
    r"(?P<sorry>(?:im|i am) (?:so )?sorry(?= ?$| for everything\b| to (?:everyone|you all)\b))|"
    r"(?P<sorted>everything (?:is )?sorted|all sorted now|tidied up my affairs|sorting everything|"
    r"tying (?:things|it|everything) (?:off|up)|loose ends|paid off|cleaned the whole "
    r"(?:house|flat)|gave notice)|"
    r"(?P<accounts>cancel\w* (?:all )?(?:my )?(?:subscriptions|contract|gym|phone)|"
    r"deleted (?:all )?my (?:socials|accounts|social media))|"
    r"(?P<things>gave away (?:most of |all )?my (?:stuff|things|clothes|books|records)))\b"
)
_MEANS = re.compile(
    rf"\b(?:{_PILLS}|rope|noose|gun|rifle|shotgun|pistol|blade|blades|razor|razors|bridge|"
    r"cliff|cliffs|roof|ledge|tracks|rail line|train line|overdose|exhaust|revolver|car park|"
    r"multi storey|quarry|drop|wheel|railway|level crossing|railing|viaduct|dose|dosage|hose|"
    r"doses|dosages|morphine|codeine|oxycodone|oxy|amitriptyline|sertraline|citalopram|"
    r"fluoxetine|diazepam|zopiclone|barbiturates|potassium|opioids|weapon|cartridges|bullets|"
    r"ammo|knot|ligature|cable ties|pier|balcony|top floor|platform|carbon monoxide|"
    r"engine running|charcoal|knife|knives|breakwater|motorway bridge|drugs|revolver|"
    r"(?:fast|express|freight|non stopping) trains?|train (?:doesnt|does not|wont) stop)\b"
)
_WEIGHING = re.compile(
    r"\b(?:just in case|do it|sat with (?:it|them)|(?:look|looking|looked|stare|staring|stared) "
    r"at (?:it|them)|keep (?:going up|checking|looking|thinking about (?:it|them|that))|nearly|"
    r"almost|on purpose|over the edge|lethal|enough to|would work|so quick|how (?:quick|fast|"
    r"high|many)|(?:why|what) (?:i stopped|stopped me)|stopped myself|for now|next time|"
    r"(?:havent|not) used (?:it|them)|been thinking about (?:it|that|them)|"
    r"jump(?:ing)? (?:off|from|in front of)|think(?:ing)? about (?:it|that|jumping|doing it)|"
    r"high enough|so easy|would be easy|(?:to )?hold it|for one reason|working out where|"
    r"(?:look|looking|looked|stare|staring) (?:at|down) (?:the drop|over)|keep imagining|"
    r"imagining (?:just )?(?:letting|jumping|stepping|driving)|still might|might still|"
    r"held (?:the|them|it|a) (?:bottle|box|packet|pills|tablets|gun|blade|blades|razor)?|"
    r"looking down|look down|looked down|keep thinking about (?:going|getting|using|doing)|"
    r"(?:would|it d|itd|will) be enough|know what (?:they|it) (?:are|is|re|s) for|"
    r"not for the garden|stockpil\w*|saved up|saving (?:them|it|up)|collecting|hid|hidden|"
    r"hiding|stash|stashed|in my (?:bag|sock|drawer|locker|glovebox|boot|car|coat)|"
    r"know what (?:its|it is|theyre|they are|im going to do with (?:it|them)) for|"
    r"know what im going to do with (?:it|them)|which (?:bridge|part|spot|floor|one)|deepest|"
    r"highest|no barriers?|fence is broken|exact spot|the spot|legs over|sat there|sitting with|"
    r"sit there|holding (?:it|them)|checking (?:they|it|its)|how long it takes|how much "
    r"(?:\w+ ){0,3}(?:it would take|would do it|to take)|would do it|the plan|my plan|"
    r"(?:havent|not) told anyone|nobody knows|no one knows|so nobody finds|for a bad night|"
    r"for when|lined (?:them )?up|counting|the nerve|(?:all|most) (?:evening|night|day)|"
    r"for (?:hours|ages|an hour)|researching|googling|googled|looked up|id need|i would need|"
    r"i know where|(?:taking|take|took) (?:them|it) home|loaded|the time it comes)\b"
)
# Care and routine: a dose taken as prescribed, a drug given or counted at work.
_CARE = re.compile(
    r"\b(?:prescri\w*|pharmac\w*|gp|doctor|consultant|handover|stock|patient|patients|pt|ward|"
    r"dosette|safely|as directed|drug round|controlled drugs|cd count|for (?:the|my|his|her) "
    r"(?:headache|back|pain|cold|migraine))\b"
)
# A past attempt of the writer's own, and a sign that it is with them again.
_OWN_ATTEMPT = re.compile(
    r"\b(?:(?:my|an|first|last|previous|suicide) attempt|i attempted(?! (?:cpr|to|the|a|resus)\b)|"
    r"i overdosed|i tried to (?:kill|hang|end|take|overdose)|survived (?:an|my|a) attempt)\b"
)
_BACK_AGAIN = re.compile(
    r"\b(?:again|back|creeping|lately|recently|still wish|all i (?:can )?think about|"
    r"same way|same feeling)\b"
)
_HARM_ACT = re.compile(
    r"\b(?:hitting|hit|banging|bang|banged|punching|punch|punched|headbutt\w*|slapping|slapped|"
    r"slamming|slam|slammed|scratch\w*|pick\w*|bite|biting|bit|dig\w* my nails into) (?:my head|"
    r"myself|my face|"
    r"the wall|walls|my legs|my arms|my fist|my fists|my hand|my hands|my skin|my thighs|"
    r"my wrists?|my stomach)\b"
)
_MARKS = re.compile(
    r"\b(?:bruise|bruises|bruised|bled|bleed|bleeding|blood|swollen|swelled|on purpose|marks|"
    r"hard|until|till|hurt|split|raw|deserve\w*|punish\w*|calm|better)\b"
)


_LIFE_EVENT = re.compile(r"\b(?:new house|solicitor|mortgage|wedding|married)\b")
_PRONOUNS = frozenset({"he", "she", "they", "his", "her", "their", "hes", "shes", "theyre", "him"})


def _arranged(sentences: list[str]) -> bool:
    """Two or more different arrangements for after one is gone, or one kept secret; none of
    them someone else's."""
    kinds: set[str | None] = set()
    for sentence in sentences:
        kinds.update(
            match.lastgroup
            for match in _ARRANGEMENTS.finditer(sentence)
            if " my " in f" {match.group(0)} "
            or not _PRONOUNS.intersection(sentence[: match.start()].split()[-3:])
        )
    secret = any(_SECRET.search(sentence) or _FINAL.search(sentence) for sentence in sentences)
    if any(_LIFE_EVENT.search(sentence) for sentence in sentences):
        return False  # a will and insurance sorted for a new house or a wedding
    return len(kinds) >= 2 or (len(kinds) == 1 and secret)


def _weighed(
    sentences: list[str],
    thing: re.Pattern[str],
    sign: re.Pattern[str],
    unless: re.Pattern[str] | None = None,
) -> bool:
    """`thing` in a sentence and `sign` in it or the two after, the writer's own, and
    `unless` nowhere near."""
    for n, sentence in enumerate(sentences):
        near = " ".join(sentences[max(0, n - 1) : n + 3])
        words = set(near.split())
        # "them" is as often the pills as other people: "just sitting with them".
        if not sign.search(near) or (
            (_THIRD_PERSON - {"them"}).intersection(words) and not _FIRST_PERSON.intersection(words)
        ):
            continue
        if unless and unless.search(near):
            continue
        for match in thing.finditer(sentence):
            if not _someone_else(sentence, match.start(), topics=False):
                return True
    return False


@dataclass(frozen=True)
class Screening:
    """The outcome for one text: whether to show help, the families that matched (the
    reasons) and the phrase keys. None of it carries the text."""

    flagged: bool
    reasons: tuple[str, ...]
    phrases: tuple[str, ...]


def normalise(text: str) -> str:
    """Lower case; curly and straight apostrophes removed (so "don't" and "dont" agree);
    hyphens, underscores and punctuation other than the apostrophe turned into spaces."""
    lowered = text.lower().replace("\u2019", "").replace("\u2018", "").replace("'", "")
    lowered = re.sub(r"[^a-z0-9]+", " ", lowered)
    return f" {lowered.strip()} "


def _compile(pattern: str) -> re.Pattern[str]:
    # A space in a pattern stands for the single space left by `normalise`.
    return re.compile(rf"\b(?:{pattern})\b")


_COMPILED: tuple[tuple[Phrase, re.Pattern[str]], ...] = tuple(
    (phrase, _compile(phrase.pattern)) for phrase in PHRASES
)


def _negated(sentence: str, start: int, end: int, after: str) -> bool:
    """`after` is the next sentence, which may answer a question or turn back to the risk."""
    if _ASKED_BEFORE.search(sentence[:start]) and (
        _ANSWERED_NO.search(sentence[end:]) or _ANSWERED_NO_NEXT.search(after)
    ):
        return True  # "the nurse asked if I'd had thoughts of ending my life; I said no"
    if not _NEGATION_BEFORE.search(sentence[:start]) or _NOT_A_DENIAL.search(sentence[:start]):
        return False
    return not (_TURN_BACK.search(sentence[end:]) or _TURN_BACK_NEXT.search(after))


def _reported(sentence: str, start: int) -> bool:
    """Someone else's words, reported: "the caller kept saying I want to die"."""
    return bool(_REPORTED.search(sentence[:start]))


def _someone_else(sentence: str, start: int, *, topics: bool = True) -> bool:
    """A weak phrase is about someone else, or about work or reading, not the writer."""
    words = sentence[:start].split()
    for word in reversed(words[-3:]):
        if word in _THIRD_PERSON:
            break  # "...told me she wants to die"
        if word in _FIRST_PERSON:
            return False  # "I'm suicidal", "I've been self harming", "my suicide"
    if _PATIENT_REF.search(sentence[:start]):
        return True  # "bed 12 admitted after an overdose"
    for word in reversed(words):
        if word in _THIRD_PERSON:
            return True  # "the caller was suicidal", "a man threatening to jump"
        if word in _FIRST_PERSON:
            break
    if not _CONTEXT.search(sentence):
        return False
    # Work or reading: someone else is named in it, or it is a topic ("a module about...").
    if _THIRD_PERSON.intersection(sentence.split()):
        return True
    return topics and not _FIRST_PERSON.intersection(words) and bool(_TOPIC.intersection(words))


def _canonical(sentence: str) -> str:
    """Slang, texting spellings and dropped g's written out, so each phrase is written once."""
    words = [_SPELLINGS.get(word, word) for word in sentence.split()]
    spelled = _TWO_AS_TO.sub(r"\1 to", f" {' '.join(words)} ")
    return _TEXTING.sub(lambda match: _TEXTING_AS[match.group(0)], spelled)


def _sentences(text: str) -> list[str]:
    parts = (_FILLER.sub("", _canonical(normalise(part))) for part in _SENTENCE_SPLIT.split(text))
    return [part for part in parts if part.strip()]


def screen(text: str) -> Screening:
    """Screen `text` for words of danger; see the module docstring for what clears a match."""
    sentences = _sentences(text)
    whole = " ".join(sentences)
    well_now = bool(_WELL_NOW.search(whole)) and not _STILL_NOW.search(whole)
    found: dict[str, str] = {}
    for n, sentence in enumerate(sentences):
        after = sentences[n + 1] if n + 1 < len(sentences) else ""
        past = well_now and bool(_PAST.search(sentence))
        for phrase, compiled in _COMPILED:
            if phrase.key in found:
                continue
            for match in compiled.finditer(sentence):
                if phrase.negatable and _negated(sentence, match.start(), match.end(), after):
                    continue
                if _reported(sentence, match.start()):
                    continue
                if phrase.weak and _someone_else(sentence, match.start()):
                    continue
                if phrase.family == PLAN_OR_MEANS and phrase.weak and _CARE.search(sentence):
                    continue  # "collecting nan's tablets from the pharmacy"
                if past and not _NOW_BEFORE.search(sentence[: match.start()]):
                    continue
                found[phrase.key] = phrase.family
                break
    if not well_now and _weighed(sentences, _MEANS, _WEIGHING, unless=_CARE):
        found[MEANS_WITH_INTENT.key] = MEANS_WITH_INTENT.family
    if not well_now and _weighed(sentences, _HARM_ACT, _MARKS):
        found[HARM_WITH_MARKS.key] = HARM_WITH_MARKS.family
    if not well_now and _weighed(sentences, _FINAL, _SECRET):
        found[LAST_AND_SECRET.key] = LAST_AND_SECRET.family
    if not well_now and _arranged(sentences):
        found[ARRANGEMENTS.key] = ARRANGEMENTS.family
    if not well_now and _weighed(sentences, _OWN_ATTEMPT, _BACK_AGAIN):
        found[ATTEMPT_AGAIN.key] = ATTEMPT_AGAIN.family
    extra = (MEANS_WITH_INTENT, HARM_WITH_MARKS, LAST_AND_SECRET, ARRANGEMENTS, ATTEMPT_AGAIN)
    order = {p.key: n for n, p in enumerate((*PHRASES, *extra))}
    keys = tuple(sorted(found, key=order.__getitem__))
    reasons = tuple(family for family in FAMILIES if family in found.values())
    return Screening(flagged=bool(keys), reasons=reasons, phrases=keys)


def danger_phrases(text: str) -> list[str]:
    """The keys of the danger phrases found in `text`, in list order (empty when none)."""
    return list(screen(text).phrases)


def danger_reasons(text: str) -> list[str]:
    """The families of the danger phrases found in `text` (empty when none)."""
    return list(screen(text).reasons)


def has_danger(text: str) -> bool:
    return screen(text).flagged
