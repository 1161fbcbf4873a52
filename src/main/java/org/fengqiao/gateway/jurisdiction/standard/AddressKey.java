package org.fengqiao.gateway.jurisdiction.standard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.fengqiao.gateway.jurisdiction.Division;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.jurisdiction.JurisdictionResolver;

/**
 * The form in which an address text is looked up among the standard addresses: normalised as the
 * resolver does (NFKC, no spaces, no country or province), then without a leading city and county
 * name, which citizens write or leave out at will. Leaving the county out can make two addresses of
 * different counties one key; a lookup that finds two is no answer, so that is never a guess.
 */
public final class AddressKey {

    private final List<String> cityPrefixes;
    private final List<String> countyPrefixes;

    public AddressKey(Gazetteer gazetteer) {
        List<String> cities = new ArrayList<>();
        for (Division c : gazetteer.cities()) {
            String city = c.name();
            cities.add(city);
            if (city.length() >= 3 && city.endsWith("市")) cities.add(city.substring(0, city.length() - 1));
        }
        List<String> counties = new ArrayList<>();
        for (Division county : gazetteer.counties()) counties.add(county.name());
        Comparator<String> longestFirst = Comparator.comparingInt(String::length).reversed();
        cities.sort(longestFirst);
        counties.sort(longestFirst);
        this.cityPrefixes = List.copyOf(cities);
        this.countyPrefixes = List.copyOf(counties);
    }

    /** The lookup key of {@code text}; empty for a blank text. */
    public String of(String text) {
        String n = JurisdictionResolver.normalise(text);
        n = strip(n, cityPrefixes);
        n = strip(n, countyPrefixes);
        return n.length() > 300 ? n.substring(0, 300) : n;
    }

    private static String strip(String s, List<String> prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p) && s.length() > p.length()) return s.substring(p.length());
        }
        return s;
    }
}
