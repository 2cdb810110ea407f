package org.pairforge.document;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.util.Map;

/**
 * A document made from a template says so in its head: {@code <meta name="pairforge:template">} and
 * {@code <meta name="pairforge:style">} (the drawn style as JSON). Each page's metadata carries both, so a
 * user can filter or balance pairs by any style value.
 */
final class TemplateMeta {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TemplateMeta() {
    }

    static void putInto(Map<String, Object> metadata, Document source) {
        if (source == null) {
            return;
        }
        NodeList metas = source.getElementsByTagNameNS("*", "meta");
        for (int i = 0; i < metas.getLength(); i++) {
            Element meta = (Element) metas.item(i);
            String content = meta.getAttribute("content");
            switch (meta.getAttribute("name")) {
                case "pairforge:template" -> metadata.put("template", content);
                case "pairforge:style" -> {
                    try {
                        metadata.put("style", JSON.readValue(content, new TypeReference<Map<String, Object>>() { }));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException ignored) {
                        // not ours after all: a page's own meta tag with that name is no reason to fail
                    }
                }
                default -> { }
            }
        }
    }
}
