package org.pairforge.template;

import com.fasterxml.jackson.databind.JsonNode;
import net.datafaker.Faker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one web page says, drawn for its slots: people, companies, products, prices, addresses and dates from
 * Datafaker (English; Chinese names and places from its zh-CN locale, Chinese companies and products composed
 * from {@code ui.json}'s lists), the interface's words from {@code ui.json}, and long text (posts, documentation)
 * from the template content. Everything from the page's own generator, so a page is the same on every run.
 */
final class WebContent {
    private static final Pattern SENTENCE = Pattern.compile("[^.!?。！？]{12,140}[.!?。！？]");

    private final JsonNode ui;
    private final boolean zh;
    private final Text text;
    private final SplittableRandom r;
    private final Faker faker;
    private final String accent;

    WebContent(JsonNode ui, String lang, Text text, SplittableRandom r, String accent) {
        this.ui = ui;
        this.zh = lang.equals("zh");
        this.text = text;
        this.r = r;
        this.accent = accent;
        this.faker = new Faker(zh ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH, new Random(r.nextLong()));
    }

    /** The template's model: the parts every page has, then its own. */
    Map<String, Object> model(String template, String layout) {
        Map<String, Object> m = new LinkedHashMap<>();
        String brand = company(true);
        m.put("brand", brand);
        m.put("title", brand);
        m.put("logo", Map.of("src", WebImages.logo(r, accent), "alt", zh ? brand + "标志" : brand + " logo"));
        m.put("nav", sample(list("nav"), 4 + r.nextInt(2)));
        m.put("cta", pick("cta"));
        m.put("cta2", pick("cta2"));
        m.put("copyright", str("copyright").replace("{year}", Integer.toString(2019 + r.nextInt(8))).replace("{company}", brand));
        switch (template) {
            case "landing" -> landing(m);
            case "pricing" -> pricing(m);
            case "dashboard" -> dashboard(m);
            case "table" -> table(m);
            case "form" -> form(m);
            case "blog" -> blog(m);
            case "product" -> product(m);
            case "shop" -> shop(m);
            case "signin" -> signin(m, layout);
            case "docs" -> docs(m, brand);
            case "chat" -> chat(m);
            case "settings" -> settings(m);
            case "mobile" -> mobile(m);
            default -> throw new IllegalStateException(template);
        }
        return m;
    }

    private void landing(Map<String, Object> m) {
        m.put("badge", pick("badge"));
        m.put("headline", headline());
        m.put("subhead", join(sample(list("feature_text"), 2)));
        m.put("hero_img", Map.of("src", WebImages.illustration(r, accent), "alt", zh ? m.get("brand") + "的产品界面" : "The " + m.get("brand") + " app"));
        m.put("trusted", str("trusted"));
        m.put("logos", repeat(4 + r.nextInt(3), () -> company(false)));
        m.put("features_title", pick("features_title"));
        List<String> titles = list("feature");
        List<String> texts = list("feature_text");
        List<Map<String, Object>> features = new ArrayList<>();
        for (int i : indices(titles.size(), 3 + r.nextInt(4))) {
            features.add(Map.of("title", titles.get(i), "text", texts.get(i), "icon", WebImages.icon(r, accent)));
        }
        m.put("features", features);
        Map<String, Object> person = person();
        m.put("quote", Map.of("text", join(sample(list("feature_text"), 2)), "name", person.get("name"), "role", job() + (zh ? "，" : ", ") + company(false),
                "avatar", person.get("avatar")));
    }

    private void pricing(Map<String, Object> m) {
        m.put("headline", pick("pricing_title"));
        m.put("subhead", pick("pricing_sub"));
        m.put("monthly", str("monthly"));
        m.put("yearly", str("yearly"));
        int tiers = 3;
        int featured = r.nextInt(tiers);
        List<String> names = list("tiers");
        int first = r.nextInt(names.size() - tiers + 1);
        List<Object> list = new ArrayList<>();
        int price = 0;
        for (int t = 0; t < tiers; t++) {
            price += t == 0 ? r.nextInt(0, 3) * 9 : r.nextInt(2, 6) * 10 - 1 + (price > 0 ? price / 2 : 0);
            Map<String, Object> tier = new LinkedHashMap<>();
            tier.put("name", names.get(first + t));
            tier.put("price", money(price, false));
            tier.put("per_month", str("per_month"));
            tier.put("blurb", pick("feature_text"));
            tier.put("perks", sample(list("perks"), 3 + r.nextInt(3)));
            tier.put("featured", t == featured);
            tier.put("popular", str("popular"));
            tier.put("cta", m.get("cta"));
            list.add(tier);
        }
        m.put("tiers", list);
        m.put("faq_title", str("faq_title"));
        List<Object> faq = new ArrayList<>();
        for (JsonNode qa : sampleNodes("faq", 3)) {
            faq.add(Map.of("q", qa.get(0).asText(), "a", qa.get(1).asText()));
        }
        m.put("faq", faq);
    }

    private void dashboard(Map<String, Object> m) {
        List<Object> side = new ArrayList<>();
        List<String> items = list("dash_nav");
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("label", items.get(i));
            item.put("active", i == 0);
            item.put("count", i == 1 || i == 5 ? Integer.toString(r.nextInt(1, 40)) : null);
            side.add(item);
        }
        m.put("side", side);
        m.put("headline", pick("dash_title"));
        m.put("period", str("last_30"));
        m.put("export", str("export"));
        m.put("me", person());
        List<Object> kpis = new ArrayList<>();
        for (String label : sample(list("kpis"), 4)) {
            boolean up = r.nextInt(4) > 0;
            String value = label.contains("rate") || label.contains("率") ? String.format(Locale.ROOT, "%.1f%%", r.nextDouble(0.5, 9))
                    : label.contains("Revenue") || label.contains("value") || label.contains("营业额") || label.contains("客单价")
                    ? money(r.nextInt(1_000, 250_000), false) : String.format(Locale.ROOT, "%,d", r.nextInt(100, 99_999));
            kpis.add(Map.of("label", label, "value", value, "up", up,
                    "delta", (up ? "+" : "−") + String.format(Locale.ROOT, "%.1f%%", r.nextDouble(0.2, 30)) + " " + str("vs_last")));
        }
        m.put("kpis", kpis);
        m.put("chart_title", pick("chart_title"));
        List<String> months = list("months");
        int start = r.nextInt(12);
        List<Object> bars = new ArrayList<>();
        for (int i = 0; i < 7 + r.nextInt(6); i++) {
            bars.add(Map.of("label", months.get((start + i) % 12), "pct", 15 + r.nextInt(85)));
        }
        m.put("bars", bars);
        m.put("top_title", str("top_products"));
        m.put("top", repeat(4, () -> Map.of("name", productName(), "img", WebImages.product(r), "value", money(r.nextInt(200, 20_000), false))));
        m.put("table_title", str("recent_orders"));
        m.put("columns", list("cols_orders"));
        m.put("rows", repeat(5 + r.nextInt(4), () -> {
            JsonNode status = node("status").get(r.nextInt(4));
            return Map.of("who", name(), "date", date(), "amount", money(r.nextInt(5, 2_000), true), "status", status.get(0).asText(),
                    "st_" + status.get(1).asText(), true);
        }));
    }

    private void table(Map<String, Object> m) {
        m.put("headline", pick("table_title"));
        int total = r.nextInt(40, 900);
        m.put("subhead", str("results").replace("{n}", Integer.toString(total)).replaceAll("products|件商品", zh ? "条记录" : "records"));
        m.put("add", pick("add"));
        m.put("search", str("search"));
        m.put("filters", sample(list("roles"), 2));
        m.put("columns", list("cols_people"));
        int rows = 6 + r.nextInt(10);
        m.put("rows", repeat(rows, () -> {
            Map<String, Object> p = person();
            JsonNode status = node("status").get(4 + r.nextInt(3));
            Map<String, Object> row = new LinkedHashMap<>(p);
            row.put("role", pick("roles"));
            row.put("city", faker.address().city());
            row.put("status", status.get(0).asText());
            row.put("st_" + status.get(1).asText(), true);
            row.put("joined", date());
            return row;
        }));
        m.put("showing", str("showing").replace("{a}", "1").replace("{b}", Integer.toString(rows)).replace("{n}", Integer.toString(total)));
        m.put("prev", str("prev"));
        m.put("next", str("next"));
    }

    private void form(Map<String, Object> m) {
        m.put("headline", pick("form_title"));
        m.put("subhead", pick("form_sub"));
        List<Object> fields = new ArrayList<>();
        List<JsonNode> all = new ArrayList<>();
        node("fields").forEach(all::add);
        boolean filled = r.nextBoolean();
        for (int i : indices(all.size(), 4 + r.nextInt(3))) {
            fields.add(Map.of("label", all.get(i).get(0).asText(), "value", fieldValue(all.get(i).get(1).asText()), "filled", filled));
        }
        m.put("fields", fields);
        m.put("select_label", str("country"));
        m.put("options", repeat(4, () -> zh ? faker.address().state() : faker.address().country()));
        m.put("message_label", str("message"));
        m.put("message", filled ? sentence() : "");
        m.put("agree", str("agree"));
        m.put("submit", pick("submit"));
        m.put("cancel", str("cancel"));
    }

    private void blog(Map<String, Object> m) {
        m.put("category", pick("blog_cats"));
        m.put("headline", pick("post_titles"));
        m.put("author", person());
        m.put("date", date());
        m.put("read_time", str("min_read").replace("{n}", Integer.toString(r.nextInt(3, 15))));
        m.put("hero_img", Map.of("src", WebImages.illustration(r, accent), "alt", zh ? "文章配图" : "Illustration for the post"));
        List<Object> body = new ArrayList<>();
        List<String> paragraphs = paragraphs(3 + r.nextInt(3));
        for (int i = 0; i < paragraphs.size(); i++) {
            if (i == 2) {
                body.add(Map.of("heading", pick("docs_sections")));
            }
            body.add(Map.of("paragraph", paragraphs.get(i)));
            if (i == 1 && r.nextBoolean()) {
                body.add(Map.of("quote", sentence()));
            }
        }
        m.put("body", body);
        m.put("recent_title", str("recent_posts"));
        m.put("recent", repeat(4, () -> Map.of("title", pick("post_titles"), "date", date())));
        m.put("tags_title", str("tags_title"));
        m.put("tags", sample(list("tags"), 5));
    }

    private void product(Map<String, Object> m) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("name", productName());
        int cents = r.nextInt(900, 60_000);
        product.put("price", money(cents / 100.0));
        product.put("img", WebImages.product(r));
        m.put("product", product);
        String category = pick("shop_cats");
        m.put("category", category);
        m.put("crumbs", List.of(str("home"), category));
        m.put("thumbs", repeat(4, () -> Map.of("src", WebImages.product(r), "alt", product.get("name"))));
        double rating = 3.5 + r.nextInt(15) / 10.0;
        m.put("stars", stars(rating));
        m.put("rating", String.format(Locale.ROOT, "%.1f", rating));
        m.put("reviews", str("reviews").replace("{n}", Integer.toString(r.nextInt(3, 900))));
        m.put("old_price", r.nextBoolean() ? money(cents * 1.25 / 100.0) : null);
        m.put("description", zh ? join(sample(list("product_desc"), 2)) : sentence() + " " + sentence());
        m.put("color_label", str("color"));
        m.put("color", zh ? pick("colors") : cap(faker.color().name()));
        m.put("swatches", repeat(4, () -> WebImages.hsl(r.nextInt(360), 35, 55)));
        m.put("size_label", str("size"));
        List<String> sizes = list("sizes");
        m.put("sizes", chosen(sizes, r.nextInt(sizes.size())));
        m.put("add_to_cart", str("add_to_cart"));
        m.put("buy_now", str("buy_now"));
        m.put("shipping", sample(list("shipping"), 2));
        m.put("specs_title", str("specs"));
        List<String> names = list("spec_names");
        List<String> values = List.of(zh ? pick("materials") : cap(faker.commerce().material()),
                r.nextInt(20, 120) + " × " + r.nextInt(20, 90) + " × " + r.nextInt(5, 60) + " cm",
                String.format(Locale.ROOT, "%.1f kg", r.nextDouble(0.2, 12)),
                (String) m.get("color"), zh ? r.nextInt(1, 4) + " 年" : r.nextInt(1, 4) + " years",
                String.format(Locale.ROOT, "%s-%05d", zh ? "SP" : "SKU", r.nextInt(100_000)));
        List<Object> specs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            specs.add(Map.of("name", names.get(i), "value", values.get(i)));
        }
        m.put("specs", specs);
    }

    private void shop(Map<String, Object> m) {
        m.put("headline", pick("shop_cats"));
        int n = 6 + r.nextInt(7);
        m.put("results", str("results").replace("{n}", Integer.toString(n + r.nextInt(200))));
        m.put("categories_title", str("categories"));
        List<Object> cats = new ArrayList<>();
        for (String c : sample(list("shop_cats"), 5)) {
            cats.add(Map.of("name", c, "on", r.nextInt(3) == 0));
        }
        m.put("categories", cats);
        m.put("price_title", str("price_range"));
        String c = zh ? "¥" : "$";
        m.put("prices", List.of(c + "0–" + c + "50", c + "50–" + c + "100", c + "100–" + c + "250", c + "250+"));
        m.put("sort_label", str("sort"));
        m.put("sort", list("sort_opts"));
        m.put("products", repeat(n, () -> {
            double rating = 3 + r.nextInt(21) / 10.0;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", productName());
            p.put("img", WebImages.product(r));
            p.put("price", money(r.nextInt(500, 40_000) / 100.0));
            p.put("stars", stars(rating));
            p.put("rating", String.format(Locale.ROOT, "%.1f", rating));
            p.put("tag", r.nextInt(4) == 0 ? pick("badge") : null);
            return p;
        }));
    }

    private void signin(Map<String, Object> m, String layout) {
        boolean signup = r.nextInt(3) == 0;
        m.put("signin", !signup);
        m.put("signup", signup);
        m.put("headline", str(signup ? "signup_title" : "signin_title"));
        List<Object> fields = new ArrayList<>();
        if (signup) {
            fields.add(Map.of("label", str("full_name"), "type", "text", "placeholder", name()));
        }
        fields.add(Map.of("label", str("email"), "type", "email", "placeholder", email()));
        fields.add(Map.of("label", str("password"), "type", "password", "placeholder", "••••••••"));
        m.put("fields", fields);
        m.put("remember", str("remember"));
        m.put("forgot", str("forgot"));
        m.put("agree", str("agree"));
        m.put("submit", signup ? str("sign_up") : str("signin"));
        m.put("or", str("or"));
        m.put("social", sample(list("social"), 2));
        m.put("switch_text", str(signup ? "have_account" : "no_account"));
        m.put("switch_link", signup ? str("signin") : str("sign_up"));
        Map<String, Object> person = person();
        m.put("quote", Map.of("text", pick("slogans"), "name", person.get("name"), "role", job()));
    }

    private void docs(Map<String, Object> m, String brand) {
        List<Object> groups = new ArrayList<>();
        String active = null;
        String group = null;
        for (JsonNode node : ui.get("docs_groups")) {
            List<Object> links = new ArrayList<>();
            for (JsonNode l : node.get(1)) {
                boolean on = active == null && r.nextInt(4) == 0;
                if (on) {
                    active = l.asText();
                    group = node.get(0).asText();
                }
                links.add(Map.of("label", l.asText(), "active", on));
            }
            groups.add(Map.of("title", node.get(0).asText(), "links", links));
        }
        if (active == null) {
            active = ui.get("docs_groups").get(0).get(1).get(0).asText();
            group = ui.get("docs_groups").get(0).get(0).asText();
        }
        m.put("groups", groups);
        m.put("headline", active);
        m.put("crumbs", List.of(zh ? "文档" : "Docs", group));
        m.put("subhead", pick("feature_text"));
        List<Object> sections = new ArrayList<>();
        List<String> titles = sample(list("docs_sections"), 3 + r.nextInt(2));
        String client = brand.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "");
        if (client.isEmpty()) {
            client = "client";
        }
        for (int i = 0; i < titles.size(); i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("title", titles.get(i));
            s.put("paragraphs", uiParagraphs(1 + r.nextInt(2)));
            if (i == 1) {
                String resource = pick(List.of("orders", "customers", "invoices", "projects", "events"));
                s.put("code", "import { Client } from \"@" + client + "/sdk\";\n\nconst client = new Client({ apiKey: process.env.API_KEY });\n"
                        + "const page = await client." + resource + ".list({ limit: " + (10 * r.nextInt(1, 6)) + " });\n"
                        + "for (const item of page.data) {\n  console.log(item.id, item.status);\n}");
            }
            if (i == 2) {
                s.put("note_label", str("note") + (zh ? "：" : ":"));
                s.put("note", pick("feature_text"));
            }
            if (i == titles.size() - 1) {
                s.put("params", true);
                s.put("param_cols", list("params"));
                s.put("rows", List.of(Map.of("name", "limit", "type", "integer", "text", pick("feature_text")),
                        Map.of("name", "starting_after", "type", "string", "text", pick("feature_text")),
                        Map.of("name", "expand", "type", "string[]", "text", pick("feature_text"))));
            }
            sections.add(s);
        }
        m.put("sections", sections);
        m.put("toc_title", str("on_this_page"));
    }

    private void chat(Map<String, Object> m) {
        m.put("chat_title", str("chat_title"));
        m.put("search", str("search"));
        List<String> lines = list("chat_lines");
        m.put("threads", repeat(5 + r.nextInt(4), () -> {
            Map<String, Object> p = person();
            p.put("time", clock());
            p.put("last", pick(lines));
            return p;
        }));
        m.put("peer", person());
        m.put("status", r.nextBoolean() ? str("online") : str("typing"));
        int start = r.nextInt(lines.size());
        boolean mine = r.nextBoolean();
        List<Object> messages = new ArrayList<>();
        for (int i = 0; i < 4 + r.nextInt(4); i++) {
            messages.add(Map.of("text", lines.get((start + i) % lines.size()), "mine", mine, "time", clock()));
            mine = r.nextInt(3) > 0 != mine;
        }
        m.put("messages", messages);
        m.put("type_message", str("type_message"));
        m.put("send", str("send"));
    }

    private void settings(Map<String, Object> m) {
        m.put("tabs", chosen(list("settings_tabs"), r.nextInt(3)));
        m.put("headline", str("settings_title"));
        m.put("profile_title", str("profile"));
        m.put("profile_sub", str("profile_sub"));
        Map<String, Object> me = person();
        m.put("me", me);
        m.put("change", str("change"));
        m.put("fields", List.of(Map.of("label", str("full_name"), "value", me.get("name")), Map.of("label", str("email"), "value", me.get("email")),
                Map.of("label", zh ? "职位" : "Job title", "value", job()), Map.of("label", zh ? "城市" : "City", "value", faker.address().city())));
        m.put("notifications_title", str("notifications"));
        List<Object> toggles = new ArrayList<>();
        for (JsonNode t : sampleNodes("notify", 3 + r.nextInt(3))) {
            toggles.add(Map.of("name", t.get(0).asText(), "text", t.get(1).asText(), "on", r.nextBoolean()));
        }
        m.put("toggles", toggles);
        m.put("save", str("save"));
        m.put("danger", str("danger"));
        m.put("danger_sub", str("danger_sub"));
    }

    private void mobile(Map<String, Object> m) {
        m.put("clock", String.format(Locale.ROOT, "%d:%02d", r.nextInt(7, 12), r.nextInt(60)));
        m.put("battery", r.nextInt(20, 100) + "%");
        m.put("greeting", pick("app_greeting"));
        m.put("me", person());
        m.put("balance_label", pick("balance"));
        m.put("balance", money(r.nextInt(10_000, 5_000_000) / 100.0));
        m.put("account", "•••• " + String.format(Locale.ROOT, "%04d", r.nextInt(10_000)));
        List<Object> quick = new ArrayList<>();
        for (String q : sample(list("quick"), 4)) {
            quick.add(Map.of("label", q, "icon", WebImages.icon(r, accent)));
        }
        m.put("quick", quick);
        m.put("recent_title", pick("recent"));
        m.put("see_all", str("see_all"));
        m.put("items", repeat(4 + r.nextInt(4), () -> {
            boolean in = r.nextInt(3) == 0;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", r.nextBoolean() ? name() : company(false));
            p.put("avatar", WebImages.avatar(r));
            p.put("when", date() + " " + clock());
            p.put("in", in);
            p.put("amount", (in ? "+" : "−") + money(r.nextInt(100, 50_000) / 100.0));
            return p;
        }));
        m.put("tabbar", chosen(list("tabbar"), 0));
    }

    // ---- slots ----

    /** Options as {@code {label, on}}, the one at {@code on} chosen: a size, a tab, a tab bar's item. */
    private static List<Object> chosen(List<String> labels, int on) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            out.add(Map.of("label", labels.get(i), "on", i == on));
        }
        return out;
    }

    private String headline() {
        return !zh && r.nextBoolean() ? cap(faker.company().catchPhrase()) : pick("slogans");
    }

    private Map<String, Object> person() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name());
        p.put("email", email());
        p.put("avatar", WebImages.avatar(r));
        return p;
    }

    private String name() {
        return zh ? faker.name().fullName() : faker.name().firstName() + " " + faker.name().lastName();
    }

    private String email() {
        String user = zh ? "user" + r.nextInt(100, 9_999) : faker.internet().username();
        return user + "@" + pick(List.of("example.com", "mail.com", "company.io", "outlook.com", "qq.com", "163.com")
                .subList(zh ? 3 : 0, zh ? 6 : 4));
    }

    private String job() {
        return zh ? pick(List.of("产品经理", "前端工程师", "设计总监", "运营负责人", "数据分析师", "创始人", "市场经理", "技术总监")) : faker.job().title();
    }

    /** A company's name; {@code brand}: the short form a site's own logo shows. */
    private String company(boolean brand) {
        if (zh) {
            String base = pick("company_prefix") + pick("company_suffix");
            return brand ? base : base + (r.nextBoolean() ? "" : "有限公司");
        }
        String name = faker.company().name();
        return brand ? name.replaceAll("[,].*| and .*| (Group|LLC|Inc)$", "").replaceAll("-.*", "") : name;
    }

    private String productName() {
        return zh ? pick("product_adj") + pick("product_material") + pick("product_noun") : faker.commerce().productName();
    }

    private String fieldValue(String kind) {
        return switch (kind) {
            case "given" -> faker.name().firstName();
            case "family" -> faker.name().lastName();
            case "name" -> name();
            case "email" -> email();
            case "phone" -> zh ? "1" + r.nextInt(30, 90) + String.format(Locale.ROOT, "%08d", r.nextInt(100_000_000)) : faker.phoneNumber().cellPhone();
            case "company" -> company(false);
            case "street" -> zh ? faker.address().state() + faker.address().city() + faker.address().streetAddress() : faker.address().streetAddress();
            case "city" -> faker.address().city();
            case "zip" -> zh ? String.format(Locale.ROOT, "%06d", r.nextInt(100_000, 860_000)) : faker.address().zipCode();
            case "job" -> job();
            case "url" -> "https://" + faker.internet().domainName();
            default -> throw new IllegalStateException(kind);
        };
    }

    private String date() {
        int y = 2024 + r.nextInt(3), mo = 1 + r.nextInt(12), d = 1 + r.nextInt(28);
        return zh ? y + "年" + mo + "月" + d + "日" : list("months").get(mo - 1) + " " + d + ", " + y;
    }

    private String clock() {
        return String.format(Locale.ROOT, "%d:%02d", r.nextInt(8, 23), r.nextInt(60));
    }

    private String money(double amount) {
        return (zh ? "¥" : "$") + String.format(Locale.ROOT, "%,.2f", amount);
    }

    private String money(int amount, boolean cents) {
        return cents ? money(amount + r.nextInt(100) / 100.0) : (zh ? "¥" : "$") + String.format(Locale.ROOT, "%,d", amount);
    }

    private static String stars(double rating) {
        int full = (int) Math.round(rating);
        return "★".repeat(full) + "☆".repeat(5 - full);
    }

    private String sentence() {
        return zh ? pick("feature_text") : text.sentence(r, 150);
    }

    /** Long text: the content's paragraphs (English), or sentences of the interface's Chinese run together. */
    private List<String> paragraphs(int n) {
        if (!zh || text.chinese()) {
            return text.paragraphs(r, n);
        }
        return uiParagraphs(n);
    }

    /** Paragraphs run together from the interface's own sentences: what a product's documentation says. */
    private List<String> uiParagraphs(int n) {
        List<String> pool = new ArrayList<>(list("feature_text"));
        if (ui.has("product_desc")) {
            pool.addAll(list("product_desc"));
        }
        node("faq").forEach(qa -> pool.add(qa.get(1).asText()));
        node("notify").forEach(qa -> pool.add(qa.get(1).asText()));
        return repeat(n, () -> join(sample(pool, 3 + r.nextInt(3))));
    }

    private String join(List<String> sentences) {
        return String.join(zh ? "" : " ", sentences);
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private JsonNode node(String key) {
        JsonNode n = ui.get(key);
        if (n == null) {
            throw new IllegalStateException("templates/web/ui.json lacks '" + key + "'");
        }
        return n;
    }

    private String str(String key) {
        return node(key).asText();
    }

    private List<String> list(String key) {
        List<String> out = new ArrayList<>();
        node(key).forEach(n -> out.add(n.asText()));
        return out;
    }

    private String pick(String key) {
        return pick(list(key));
    }

    private <T> T pick(List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    /** {@code n} distinct indices below {@code size}, in order. */
    private List<Integer> indices(int size, int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            all.add(i);
        }
        for (int i = all.size() - 1; i > 0; i--) {
            java.util.Collections.swap(all, i, r.nextInt(i + 1));
        }
        List<Integer> out = new ArrayList<>(all.subList(0, Math.min(n, size)));
        out.sort(null);
        return out;
    }

    private <T> List<T> sample(List<T> from, int n) {
        List<T> out = new ArrayList<>();
        for (int i : indices(from.size(), n)) {
            out.add(from.get(i));
        }
        return out;
    }

    private List<JsonNode> sampleNodes(String key, int n) {
        List<JsonNode> all = new ArrayList<>();
        node(key).forEach(all::add);
        return sample(all, n);
    }

    private static <T> List<T> repeat(int n, Supplier<T> make) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(make.get());
        }
        return out;
    }

    /** The content cut into sentences and paragraphs, for posts and documentation. */
    static final class Text {
        private final List<String> sentences = new ArrayList<>();
        private final List<String> paragraphs = new ArrayList<>();
        private final boolean chinese;

        Text(TemplateContent content) {
            Set<String> seen = new LinkedHashSet<>();
            for (TemplateContent.Section s : content.sections()) {
                for (String p : s.paragraphs()) {
                    if (p.length() >= 40 && seen.add(p)) {
                        paragraphs.add(p.length() > 900 ? cut(p, 900) : p);
                    }
                    Matcher sm = SENTENCE.matcher(p);
                    while (sm.find()) {
                        sentences.add(sm.group().strip());
                    }
                }
            }
            this.chinese = content.language().startsWith("zh");
            if (paragraphs.size() < 5 || sentences.size() < 10) {
                throw new IllegalArgumentException("--content has too little text for web templates: "
                        + paragraphs.size() + " paragraphs of 40+ characters, " + sentences.size() + " sentences");
            }
        }

        boolean chinese() {
            return chinese;
        }

        private static String cut(String s, int max) {
            int end = Math.max(s.lastIndexOf(". ", max), s.lastIndexOf('。', max));
            return end > max / 2 ? s.substring(0, end + 1) : s.substring(0, max);
        }

        /** A sentence of at most {@code max} characters (cut at a word boundary). */
        String sentence(SplittableRandom r, int max) {
            String s = sentences.get(r.nextInt(sentences.size()));
            if (s.length() <= max) {
                return s;
            }
            int cut = s.lastIndexOf(' ', max);
            return (cut > 20 ? s.substring(0, cut) : s.substring(0, max)).replaceAll("[,;:]$", "") + "…";
        }

        List<String> paragraphs(SplittableRandom r, int n) {
            int start = r.nextInt(paragraphs.size());
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(paragraphs.get((start + i) % paragraphs.size()));
            }
            return out;
        }
    }
}
