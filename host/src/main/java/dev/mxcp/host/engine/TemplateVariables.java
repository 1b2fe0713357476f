package dev.mxcp.host.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables a Jinja2 template reads without defining them, found by reading it rather than rendering it
 * (so that names in every branch count), as MXCP's validator does with {@code jinja2.meta.find_undeclared_variables}.
 * Names bound by the template itself ({@code for} targets, {@code set}, {@code with}, macro names and parameters,
 * imports) and Jinja's own globals ({@code loop}, {@code range}...) do not count. Scoping is simplified: a name
 * bound anywhere in the template counts as bound everywhere.
 */
final class TemplateVariables {

    private static final Pattern TOKEN = Pattern.compile("\\s+|'(?:\\\\.|[^'\\\\])*'|\"(?:\\\\.|[^\"\\\\])*\""
            + "|[A-Za-z_][A-Za-z0-9_]*|\\d+(?:\\.\\d+)?|==|!=|<=|>=|\\*\\*|//|.", Pattern.DOTALL);
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "is", "if", "else", "elif",
            "true", "false", "none", "True", "False", "None", "recursive", "as", "import", "from", "with",
            "without", "context", "ignore", "missing");
    private static final Set<String> GLOBALS = Set.of("loop", "range", "dict", "lipsum", "cycler", "joiner",
            "namespace", "caller", "varargs", "kwargs", "self", "super");

    private TemplateVariables() {
    }

    /** The undeclared variables of {@code template}, sorted. */
    static Set<String> undeclared(String template) {
        Set<String> loaded = new TreeSet<>();
        Set<String> bound = new HashSet<>();
        int at = 0;
        while (true) {
            int open = template.indexOf('{', at);
            if (open < 0 || open + 1 >= template.length()) {
                break;
            }
            char kind = template.charAt(open + 1);
            if (kind == '#') {
                int close = template.indexOf("#}", open + 2);
                at = close < 0 ? template.length() : close + 2;
                continue;
            }
            if (kind != '{' && kind != '%') {
                at = open + 1;
                continue;
            }
            int close = end(template, open + 2, kind == '{' ? '}' : '%');
            String inside = trimDash(template.substring(open + 2, close));
            at = Math.min(template.length(), close + 2);
            if (kind == '{') {
                loads(tokens(inside), loaded);
            } else if (inside.equals("raw")) {
                int endraw = template.indexOf("endraw", at);
                at = endraw < 0 ? template.length() : Math.min(template.length(), end(template, endraw, '%') + 2);
            } else {
                tag(tokens(inside), loaded, bound);
            }
        }
        loaded.removeAll(bound);
        loaded.removeAll(GLOBALS);
        return loaded;
    }

    /** Where the segment starting at {@code from} closes ({@code first} then a brace), skipping strings. */
    private static int end(String template, int from, char first) {
        char quote = 0;
        for (int i = from; i < template.length(); i++) {
            char c = template.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == first && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                return i;
            }
        }
        return template.length();
    }

    private static String trimDash(String inner) {
        String s = inner.strip();
        if (s.startsWith("-") || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.endsWith("-") || s.endsWith("+")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.strip();
    }

    private static List<String> tokens(String expression) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(expression);
        while (m.find()) {
            if (!m.group().isBlank()) {
                tokens.add(m.group());
            }
        }
        return tokens;
    }

    /** One {@code {% ... %}} tag: its tag name, what it binds, and what it reads. */
    private static void tag(List<String> t, Set<String> loaded, Set<String> bound) {
        if (t.isEmpty()) {
            return;
        }
        String name = t.getFirst();
        List<String> rest = t.subList(1, t.size());
        switch (name) {
            case "for" -> {
                int in = rest.indexOf("in");
                if (in < 0) {
                    return;
                }
                rest.subList(0, in).stream().filter(TemplateVariables::isName).forEach(bound::add);
                loads(rest.subList(in + 1, rest.size()), loaded);
            }
            case "set" -> {
                int eq = rest.indexOf("=");
                List<String> targets = eq < 0 ? rest : rest.subList(0, eq);
                for (int i = 0; i < targets.size(); i++) {
                    boolean attribute = i + 1 < targets.size() && targets.get(i + 1).equals(".");
                    if (isName(targets.get(i)) && (i == 0 || !targets.get(i - 1).equals("."))) {
                        (attribute ? loaded : bound).add(targets.get(i)); // set ns.x = ... reads ns
                    }
                }
                if (eq >= 0) {
                    loads(rest.subList(eq + 1, rest.size()), loaded);
                }
            }
            case "macro" -> {
                if (!rest.isEmpty()) {
                    bound.add(rest.getFirst());
                }
                parameters(rest.subList(Math.min(1, rest.size()), rest.size()), loaded, bound);
            }
            case "call" -> {
                List<String> call = rest;
                if (!call.isEmpty() && call.getFirst().equals("(")) {
                    int close = call.indexOf(")");
                    parameters(call.subList(0, close < 0 ? call.size() : close + 1), loaded, bound);
                    call = close < 0 ? List.of() : call.subList(close + 1, call.size());
                }
                loads(call, loaded);
            }
            case "with" -> {
                for (int i = 0; i < rest.size(); i++) {
                    if (isName(rest.get(i)) && i + 1 < rest.size() && rest.get(i + 1).equals("=")
                            && (i == 0 || rest.get(i - 1).equals(","))) {
                        bound.add(rest.get(i));
                    }
                }
                loads(rest, loaded);
            }
            case "import", "from" -> {
                for (int i = 0; i < rest.size(); i++) {
                    if (rest.get(i).equals("as") && i + 1 < rest.size()) {
                        bound.add(rest.get(i + 1));
                    } else if (name.equals("from") && isName(rest.get(i)) && !KEYWORDS.contains(rest.get(i))
                            && (i + 1 >= rest.size() || !rest.get(i + 1).equals("as"))) {
                        bound.add(rest.get(i));
                    }
                }
            }
            case "filter" -> loads(rest.subList(Math.min(1, rest.size()), rest.size()), loaded);
            case "include", "extends", "block", "endblock" -> { }
            default -> {
                if (!name.startsWith("end")) {
                    loads(rest, loaded); // if, elif, print, do, and other tags with an expression
                }
            }
        }
    }

    /** A macro's {@code (a, b=default)}: the names are bound, the defaults read. */
    private static void parameters(List<String> t, Set<String> loaded, Set<String> bound) {
        int depth = 0;
        List<String> defaults = new ArrayList<>();
        boolean inDefault = false;
        for (int i = 0; i < t.size(); i++) {
            String token = t.get(i);
            if (token.equals("(")) {
                depth++;
                if (depth == 1) {
                    continue;
                }
            } else if (token.equals(")")) {
                depth--;
            }
            if (depth == 1 && token.equals(",")) {
                inDefault = false;
            } else if (depth == 1 && token.equals("=")) {
                inDefault = true;
            } else if (inDefault) {
                defaults.add(token);
            } else if (depth == 1 && isName(token)) {
                bound.add(token);
            }
        }
        loads(defaults, loaded);
    }

    /** The names an expression reads: not attributes, filters, tests, keyword arguments or keywords. */
    private static void loads(List<String> t, Set<String> loaded) {
        for (int i = 0; i < t.size(); i++) {
            String token = t.get(i);
            if (!isName(token) || KEYWORDS.contains(token)) {
                continue;
            }
            String before = i > 0 ? t.get(i - 1) : "";
            String after = i + 1 < t.size() ? t.get(i + 1) : "";
            boolean test = before.equals("is") || (before.equals("not") && i > 1 && t.get(i - 2).equals("is"));
            if (before.equals(".") || before.equals("|") || test || after.equals("=")) {
                continue;
            }
            loaded.add(token);
        }
    }

    private static boolean isName(String token) {
        return Character.isLetter(token.charAt(0)) || token.charAt(0) == '_';
    }
}
