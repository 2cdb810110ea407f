package org.pairforge.latex.markdown;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The form in which a printed word and a source word are compared: compatibility-decomposed (ligatures
 * apart), accents off, lower case, letters and digits only. "Königstuhl", {@code K\"onigstuhl} and the PDF's
 * "Ko¨nigstuhl" all become "konigstuhl"; "self-adaptive" and "self-" "adaptive" joined become "selfadaptive".
 */
final class Words {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private Words() {
    }

    static String norm(String word) {
        String s = word;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || !Character.isLetterOrDigit(c) || Character.isUpperCase(c)) {
                return slowNorm(s);
            }
        }
        return s;
    }

    private static String slowNorm(String word) {
        String d = MARKS.matcher(Normalizer.normalize(word, Normalizer.Form.NFKD)).replaceAll("");
        StringBuilder out = new StringBuilder(d.length());
        d.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** Whether a character is one of the scripts written without spaces, where each character is a word. */
    static boolean isCjk(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }
}
