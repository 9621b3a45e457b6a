"""The words of courtesy: thanks, greetings, farewells and good wishes ("감사합니다", "수고하세요", "thanks a lot", "have
a good day"). A courtesy asks for nothing, so the request reading (assistant/clauses.py, assistant/wrappers.py), the
reading of a reply that only tells (assistant/no_request.py) and the article reading (assistant/arguments/article.py)
each set it apart; one vocabulary here keeps them agreeing on what a courtesy is."""
from __future__ import annotations

THANKS_STEMS = frozenset({"감사", "고맙"})  # Kiwi's forms of "감사합니다", "고마워요"
COURTESY_STEMS = THANKS_STEMS | {"안녕", "안녕하", "수고", "hi", "hello", "thanks"}  # a greeting or thanks, as morphemes

THANKS_KO = r"감사(?:합니다|드립니다|드려요|해요|해)?|고마워요?|고맙습니다"
BEFORE_THANKS_KO = r"미리|정말|진짜|항상|늘|너무|오늘도|그럼|역시"  # "미리 감사드립니다", "정말 고마워요"
SIGN_OFF_KO = (r"수고(?:하세요|하십시오|하셨습니다|해요|요)|좋은\s*하루\s*(?:보내세요|되세요)|덕분에\s*살았(?:어요|어|습니다)"
               r"|고생\s*많(?:으십니다|으세요|아요)|나중에\s*또\s*올게요?|이따\s*(?:봬요|봐)|믿음직하네요")  # farewells, praise

THANKS_EN = (r"(?:(?:many|big|huge|massive)\s+)?(?:thanks|thank you|thx|ty|cheers)"
             r"(?:\s+(?:a lot|so much|very much|in advance|again|a bunch|heaps|a million|a ton|loads|mate))?")
WISHES_EN = r"have a (?:nice|good|great|lovely)|enjoy the"  # "have a good weekend", "enjoy the weekend"
SIGN_OFF_EN = (r"(?:" + WISHES_EN + r") (?:day|one|weekend)|much appreciated|(?:i )?appreciate it|take care|talk soon|"
               r"catch you later|see you|you'?re a lifesaver|hope (?:that|this) (?:makes sense|helps)")
CLOSINGS_EN = (r"(?:(?:best|kind|warm|warmest)\s+)?regards|best(?:\s+wishes)?|all the best|sincerely|yours(?:\s+truly)?|"
               r"many thanks|br")  # a letter's closing line above its signature ("Best regards,", "Sincerely,")
