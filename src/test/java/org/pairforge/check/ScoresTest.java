package org.pairforge.check;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoresTest {
    @Test
    void normalizationFoldsWidthsAndWhitespaceAndSpacesBetweenCjk() {
        assertEquals("Hello world x", Scores.normalize("Ｈｅｌｌｏ\u3000 world\n\n\t x "));
        assertEquals("学而时习之,不亦说乎?", Scores.normalize("学 而 时 习 之 ， 不 亦 说 乎 ？"));
        assertEquals("fi ligature", Scores.normalize("\uFB01 ligature"));
    }

    @Test
    void characterErrorRateScoresPages() {
        Scores.PageScore p = Scores.page("abce", "abcd", null);
        assertEquals(0.25, p.cer());
        assertEquals(0.75, p.score());
        assertTrue(p.exact());
        assertEquals(1.0, Scores.page("the  page\ntext", "the page text", null).score(), "whitespace does not count");
        assertEquals(0.0, Scores.page("something else entirely, and much longer", "abc", null).score(), "capped at 0");
        assertEquals(1.0, Scores.page("", "  ", null).score(), "an empty page read as empty");
        assertEquals(0.0, Scores.page("text", "", null).score(), "text read off a page with none");
    }

    @Test
    void theBandedDistanceAgreesWithTheFullOneWhereItDecides() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            StringBuilder ref = new StringBuilder();
            int n = 50 + random.nextInt(400);
            for (int i = 0; i < n; i++) {
                ref.append((char) ('a' + random.nextInt(6)));
            }
            StringBuilder read = new StringBuilder(ref);
            int edits = random.nextInt(n / 2);
            for (int e = 0; e < edits && read.length() > 1; e++) {
                int at = random.nextInt(read.length());
                switch (random.nextInt(3)) {
                    case 0 -> read.deleteCharAt(at);
                    case 1 -> read.insert(at, 'z');
                    default -> read.setCharAt(at, 'y');
                }
            }
            double min = 0.5 + random.nextInt(5) / 10.0;
            Scores.PageScore full = Scores.page(read.toString(), ref.toString(), null);
            Scores.PageScore banded = Scores.page(read.toString(), ref.toString(), min);
            assertTrue(full.exact());
            assertEquals(full.score() < min, banded.score() < min, "same verdict at min " + min + ": " + full + " / " + banded);
            if (banded.exact()) {
                assertEquals(full.score(), banded.score());
            } else {
                assertTrue(full.score() <= banded.score() + 1e-9, "the bound is an upper bound: " + full + " / " + banded);
            }
        }
    }

    @Test
    void figureTextRecallCountsWordsReadThatTheCodeHolds() {
        String code = "plt.plot(x, y)\nplt.title('Signal over time')\nplt.xlabel('time (s)')";
        Scores.FigureScore f = Scores.figure("Signal over time\n0 2 4 6\ntime (s)\nvoltage", null, code);
        // distinct words of 3+ letters: signal, over, time, voltage -> 3 of 4 in the code
        assertEquals(4, f.wordsRead());
        assertEquals(3, f.wordsInCode());
        assertEquals(0.75, f.textRecall());
        assertNull(f.chartTypeAgreement(), "no caption: nothing to agree on");
        assertEquals(Set.of("line"), f.codeChartTypes());

        Scores.FigureScore none = Scores.figure("0 2 4 6 8 | -", null, code);
        assertNull(none.textRecall(), "no readable word: no_text");
        assertEquals(1.0, Scores.figure("收入 2020", null, "plt.title('收入')").textRecall(), "CJK runs are words");
        assertNull(Scores.figure("Feb\nMar\nNov 2020", null, code).textRecall(), "a date axis's ticks come from the data");
    }

    @Test
    void chartTypesOfTheCaptionAreComparedWithThePlottingCalls() {
        assertEquals(1.0, Scores.figure("Sales", "A horizontal bar chart of sales.", "ax.barh(names, sales)").chartTypeAgreement());
        assertEquals(0.0, Scores.figure("Sales", "A pie chart of sales.", "plt.plot(names, sales)").chartTypeAgreement());
        assertEquals(1.0, Scores.figure("x", "A histogram of ages", "sns.histplot(df.age)").chartTypeAgreement());
        assertEquals(1.0, Scores.figure("x", "A heatmap of the correlation matrix", "sns.heatmap(df.corr())").chartTypeAgreement());
        assertEquals(1.0, Scores.figure("x", "A scatter plot", "df.plot(kind='scatter', x='a', y='b')").chartTypeAgreement());
        assertFalse(Scores.codeChartTypes("ax.barh(a, b)").contains("bar"), "barh is not bar");
        assertNull(Scores.figure("x", "A figure.", "plt.plot(x)").chartTypeAgreement(), "a caption naming no chart type");
    }

    @Test
    void screensScoreTheWordsMatchedWhateverTheirOrder() {
        String text = "Pricing Plans\nStarter $9 /month\nPro $29 /month\nUnlimited projects\tPriority support";
        String columnsFirst = "Starter Pro\n$9 /month $29 /month\nPricing Plans Unlimited projects Priority support";
        Scores.ScreenScore s = Scores.screen(columnsFirst, text);
        assertEquals(1.0, s.score(), "another reading order costs nothing: " + s);
        assertTrue(Scores.page(columnsFirst, text, null).score() < 0.8, "where the character error rate counts it");
        Scores.ScreenScore misread = Scores.screen("Pricing Plans Starter $9 /month Pro $29 /month Unlimlted proiects Priority support", text);
        assertTrue(misread.score() > 0.9 && misread.score() < 1.0, "a misread letter costs that letter: " + misread);
        Scores.ScreenScore other = Scores.screen("Sign in to your account Email Password Remember me Forgot password", text);
        assertTrue(other.score() < 0.15, "another screen's words: " + other);
        Scores.ScreenScore half = Scores.screen("Pricing Plans Starter", text);
        assertTrue(half.precision() == 1.0 && half.recall() < 0.5, "a part read: all right, not all: " + half);
        assertEquals(1.0, Scores.screen("学 而 时 习 之", "学而时习之").score(), "Han characters one by one, however spaced");
        assertEquals(1.0, Scores.screen("", " ").score(), "nothing to read, nothing read");
        assertEquals(0.0, Scores.screen("words", "").score());
    }
}
