package dev.mxcp.host.endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource URI with {@code {name}} placeholders (RFC 6570 level 1, as MCP resource templates use them).
 * A URI without placeholders is a plain resource.
 */
public record UriTemplate(String template, List<String> variables, Pattern matcher) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public static UriTemplate parse(String template) {
        List<String> variables = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^");
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append("([^/?#]+)");
            variables.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append('$');
        return new UriTemplate(template, List.copyOf(variables), Pattern.compile(regex.toString()));
    }

    public boolean isTemplate() {
        return !variables.isEmpty();
    }

    /**
     * The variables of a concrete URI that matches this template, percent-decoded; empty if it does not match
     * (also when a variable's percent-encoding is broken).
     */
    public Optional<Map<String, String>> match(String uri) {
        Matcher m = matcher.matcher(uri);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (int i = 0; i < variables.size(); i++) {
                values.put(variables.get(i), java.net.URLDecoder.decode(m.group(i + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException brokenEscape) {
            return Optional.empty();
        }
        return Optional.of(values);
    }
}
