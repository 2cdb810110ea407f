package org.pairforge.notebook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * The part of Jackson's pull-parser API that reading a notebook uses, so that one reader runs over Jackson
 * and over {@link FastJson}. Each method means what the {@link JsonParser} method of the same name means.
 */
interface JsonCursor {
    JsonToken nextToken() throws IOException;

    String currentName() throws IOException;

    String getText() throws IOException;

    String getValueAsString() throws IOException;

    int getIntValue() throws IOException;

    void skipChildren() throws IOException;

    /**
     * Where the current string starts in the input (its opening quote), for a string the caller will decode
     * as base64 itself, later; a cursor may skip it in a way that suits base64 text.
     */
    int base64Start();

    /** The closing quote of the string {@link #base64Start} skipped, or -1 if this cursor has not looked. */
    int base64End();

    static JsonCursor of(JsonParser p) {
        return new JsonCursor() {
            @Override
            public JsonToken nextToken() throws IOException {
                return p.nextToken();
            }

            @Override
            public String currentName() throws IOException {
                return p.currentName();
            }

            @Override
            public String getText() throws IOException {
                return p.getText();
            }

            @Override
            public String getValueAsString() throws IOException {
                return p.getValueAsString();
            }

            @Override
            public int getIntValue() throws IOException {
                return p.getIntValue();
            }

            @Override
            public void skipChildren() throws IOException {
                p.skipChildren();
            }

            @Override
            public int base64Start() {
                return (int) p.currentTokenLocation().getByteOffset();
            }

            @Override
            public int base64End() {
                return -1;
            }
        };
    }
}
