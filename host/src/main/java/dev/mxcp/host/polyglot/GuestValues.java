package dev.mxcp.host.polyglot;

import dev.mxcp.host.base.MxcpException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;

/**
 * Guest values as the engine's Java values (String, Boolean, Long/BigInteger, Double, BigDecimal, java.time
 * values, byte[], List, Map, null), converted while the worker is still leased so no {@link Value} escapes.
 * Works on interop traits, so it serves every language; a language's own types (Python's Decimal) go
 * through {@link GuestLanguage#convertSpecial}.
 */
final class GuestValues {

    /** Guest data nested deeper than this is almost certainly a cycle. */
    private static final int MAX_DEPTH = 200;

    private final GuestLanguage language;

    GuestValues(GuestLanguage language) {
        this.language = language;
    }

    /**
     * @param path where the value sits, for messages ("result", "result.items[2]")
     * @throws MxcpException naming the path of a value that has no JSON form
     */
    Object toJava(Value value, String path) {
        return convert(value, path, 0);
    }

    private Object convert(Value v, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new MxcpException(path + ": nested more than " + MAX_DEPTH + " levels deep (a cycle?)");
        }
        if (v.isNull()) {
            return null;
        }
        if (v.isString()) {
            return v.asString();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return number(v);
        }
        if (v.hasHashEntries()) {
            return map(v, path, depth);
        }
        if (v.hasBufferElements()) {
            byte[] bytes = new byte[(int) v.getBufferSize()];
            v.readBuffer(0, bytes, 0, bytes.length);
            return bytes;
        }
        if (v.hasArrayElements()) {
            byte[] bytes = language.bytes(v);
            if (bytes != null) {
                return bytes;
            }
            List<Object> list = new ArrayList<>((int) Math.min(v.getArraySize(), 1 << 16));
            for (long i = 0; i < v.getArraySize(); i++) {
                list.add(convert(v.getArrayElement(i), path + "[" + i + "]", depth + 1));
            }
            return list;
        }
        if (v.isDate() || v.isTime()) {
            return temporal(v);
        }
        if (v.isDuration()) {
            return v.asDuration().toString();
        }
        Object special = language.convertSpecial(v);
        if (special != null) {
            return special;
        }
        if (v.hasIterator()) { // sets and other iterables
            List<Object> list = new ArrayList<>();
            Value iterator = v.getIterator();
            while (iterator.hasIteratorNextElement()) {
                list.add(convert(iterator.getIteratorNextElement(), path + "[" + list.size() + "]", depth + 1));
            }
            return list;
        }
        if (language.objectsAreRecords() && v.hasMembers() && !v.canExecute()) {
            return members(v, path, depth);
        }
        throw new MxcpException(path + " is a " + language.typeName(v) + ", which has no JSON form; return "
                + "dicts, lists, strings, numbers, booleans, dates or None");
    }

    private static Object number(Value v) {
        if (v.fitsInLong()) {
            return v.asLong();
        }
        if (v.fitsInBigInteger()) {
            return v.asBigInteger();
        }
        return v.asDouble();
    }

    private Map<String, Object> map(Value v, String path, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        Value entries = v.getHashEntriesIterator();
        while (entries.hasIteratorNextElement()) {
            Value entry = entries.getIteratorNextElement();
            Object key = convert(entry.getArrayElement(0), path, depth + 1);
            String name = String.valueOf(key);
            map.put(name, convert(entry.getArrayElement(1), path + "." + name, depth + 1));
        }
        return map;
    }

    /** A JS object's own enumerable members, in their order; functions among them are skipped. */
    private Map<String, Object> members(Value v, String path, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name : v.getMemberKeys()) {
            Value member = v.getMember(name);
            if (member != null && !member.canExecute()) {
                map.put(name, convert(member, path + "." + name, depth + 1));
            }
        }
        return map;
    }

    /** Dates, times and date-times; with a time zone a date-time becomes an OffsetDateTime. */
    private static Object temporal(Value v) {
        LocalDate date = v.isDate() ? v.asDate() : null;
        LocalTime time = v.isTime() ? v.asTime() : null;
        if (date == null) {
            return time;
        }
        if (time == null) {
            return date;
        }
        if (v.isTimeZone()) {
            ZoneId zone = v.asTimeZone();
            return ZonedDateTime.of(date, time, zone).toOffsetDateTime();
        }
        return LocalDateTime.of(date, time);
    }
}
