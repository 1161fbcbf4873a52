package org.fengqiao.gateway.ledger;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.CanonicalDispute.Party;

/**
 * What the county centre searches by, without anything stored in clear: keyed hashes (HMAC-SHA256 under
 * {@code gateway.pii.index-key}, as {@link PartyKeys}) of each party's ID number, phone number and
 * name, each normalised first so the ways people write the same value give the same key; and of the
 * character pairs (bigrams) of the dispute's address, so that part of an address finds it.
 *
 * <p>A search normalises its term the same way and looks for the same key: exact for numbers and
 * names. An address matches when every pair of the search text is among the dispute's pairs; the pair
 * keys are cut to {@value #ADDRESS_KEY_CHARS} hex characters, so a dispute may rarely match a text it
 * does not contain (and never fails to match one it does).
 */
@ApplicationScoped
public class SearchKeys {

    /**
     * The rule the stored keys were made by ({@code dispute.search_keys_version}). A change in what is
     * keyed or how raises it, and {@link SearchKeyBackfill} makes every dispute's keys again.
     */
    public static final int VERSION = 1;
    /** Enough for the pairs of any real address; a longer one is keyed on its first pairs. */
    static final int MOST_ADDRESS_PAIRS = 128;
    static final int ADDRESS_KEY_CHARS = 6;

    /** What a key in {@code dispute_search_key} is of. */
    public enum Kind {
        ID, PHONE, NAME
    }

    /** One row of {@code dispute_search_key}. */
    public record Key(Kind kind, String hash) {
    }

    /** A dispute's keys: its parties' (rows of {@code dispute_search_key}) and its address's pairs. */
    public record DisputeKeys(Set<Key> parties, List<String> addressPairs) {

        /** The address pairs as {@code dispute.address_keys} holds them: space-separated, a space at each end. */
        public String addressColumn() {
            return addressPairs.isEmpty() ? null : " " + String.join(" ", addressPairs) + " ";
        }
    }

    private final PartyKeys partyKeys;

    @Inject
    public SearchKeys(PartyKeys partyKeys) {
        this.partyKeys = partyKeys;
    }

    public DisputeKeys of(CanonicalDispute dispute) {
        Set<Key> keys = new LinkedHashSet<>();
        if (dispute.parties() != null) {
            for (Party party : dispute.parties()) {
                idNumber(party.idNumber()).ifPresent(k -> keys.add(new Key(Kind.ID, k)));
                for (String phone : phones(party.phone())) {
                    keys.add(new Key(Kind.PHONE, hmac("phone", phone)));
                }
                name(party.name()).ifPresent(k -> keys.add(new Key(Kind.NAME, k)));
            }
        }
        List<String> pairs = dispute.location() == null ? List.of() : addressPairs(dispute.location().address());
        return new DisputeKeys(keys, pairs.size() > MOST_ADDRESS_PAIRS ? pairs.subList(0, MOST_ADDRESS_PAIRS) : pairs);
    }

    /** The key of an ID number as a search gives it; empty when it is too short to have been keyed. */
    public Optional<String> idNumber(String text) {
        return partyKeys.keyOf(text);
    }

    /** The key of a phone number as a search gives it; empty when it is no complete number. */
    public Optional<String> phone(String text) {
        return Optional.ofNullable(normalisePhone(text)).map(p -> hmac("phone", p));
    }

    /** The key of a name as a search gives it; empty when it is shorter than two characters. */
    public Optional<String> name(String text) {
        return Optional.ofNullable(normaliseName(text)).map(n -> hmac("name", n));
    }

    /** The keys of an address text's character pairs, in order, each once; empty below two characters. */
    public List<String> addressPairs(String text) {
        String address = normaliseAddress(text);
        if (address == null) {
            return List.of();
        }
        int[] chars = address.codePoints().toArray();
        Set<String> pairs = new LinkedHashSet<>();
        for (int i = 0; i + 1 < chars.length; i++) {
            pairs.add(hmac("address", new String(chars, i, 2)).substring(0, ADDRESS_KEY_CHARS));
        }
        return List.copyOf(pairs);
    }

    private String hmac(String kind, String value) {
        return partyKeys.hmac(kind + ":" + value);
    }

    /** A field may hold several numbers, separated as people separate them. */
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[,，;；/、|]");
    private static final Pattern NOT_DIGIT = Pattern.compile("\\D");

    static List<String> phones(String field) {
        List<String> phones = new ArrayList<>();
        if (field == null) {
            return phones;
        }
        for (String part : PHONE_SEPARATORS.split(Normalizer.normalize(field, Normalizer.Form.NFKC))) {
            String phone = normalisePhone(part);
            if (phone != null && !phones.contains(phone)) {
                phones.add(phone);
            }
        }
        return phones;
    }

    /**
     * Digits only, without the country code (+86, 0086, or 86 before a mobile number): a mobile
     * number of 11 digits, or a landline with its area code (0 and 9 to 11 more digits; the trunk 0
     * put back when the number was written internationally without it). Anything else is no number
     * to key: a landline without its area code could be any county's.
     */
    static String normalisePhone(String text) {
        if (text == null) {
            return null;
        }
        String written = Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
        String digits = NOT_DIGIT.matcher(written).replaceAll("");
        boolean international = false;
        if (digits.startsWith("0086")) {
            digits = digits.substring(4);
            international = true;
        } else if (written.startsWith("+86") || digits.length() == 13 && digits.startsWith("861")) {
            digits = digits.substring(2);
            international = true;
        }
        if (international && !digits.isEmpty() && digits.charAt(0) != '1' && digits.charAt(0) != '0') {
            digits = "0" + digits;
        }
        if (digits.length() == 11 && digits.charAt(0) == '1') {
            return digits;
        }
        if (digits.length() >= 10 && digits.length() <= 12 && digits.charAt(0) == '0') {
            return digits;
        }
        return null;
    }

    /** Spaces and the middle dots of transliterated names (·, ・, • and their look-alikes). */
    private static final Pattern NAME_NOISE = Pattern.compile("[\\s\\p{Z}\\u00B7\\u2022\\u2027\\u2219\\u22C5\\u30FB\\u318D.]");

    static String normaliseName(String text) {
        return withoutNoise(text, NAME_NOISE);
    }

    /** Spaces, punctuation and symbols say nothing about where: 解放路 18 号 is 解放路18号. */
    private static final Pattern ADDRESS_NOISE = Pattern.compile("[\\s\\p{Z}\\p{P}\\p{S}]");

    static String normaliseAddress(String text) {
        return withoutNoise(text, ADDRESS_NOISE);
    }

    /** NFKC (full-width letters and digits as ASCII), lower case, without the noise; null below two characters. */
    private static String withoutNoise(String text, Pattern noise) {
        if (text == null) {
            return null;
        }
        String value = noise.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC)).replaceAll("")
                .toLowerCase(Locale.ROOT);
        return value.codePointCount(0, value.length()) >= 2 ? value : null;
    }
}
