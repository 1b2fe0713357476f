package dev.mxcp.host.polyglot;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a guest completion hook was registered for ({@code runtime.completion}): an argument of one prompt or
 * resource template, or of any ({@code kind} and {@code name} empty).
 *
 * @param kind "prompt", "resource" or "" for any
 * @param name the prompt's name or the template's URI template, or "" for any
 */
record CompletionKey(String kind, String name, String argument) {

    static CompletionKey any(String argument) {
        return new CompletionKey("", "", argument);
    }

    /** The keys a shim listed, as {@code [[kind, name, argument], ...]}; anything else is skipped. */
    static Set<CompletionKey> parse(Object listed) {
        Set<CompletionKey> keys = new HashSet<>();
        if (listed instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof List<?> key && key.size() == 3) {
                    keys.add(new CompletionKey(String.valueOf(key.get(0)), String.valueOf(key.get(1)),
                            String.valueOf(key.get(2))));
                }
            }
        }
        return keys;
    }
}
