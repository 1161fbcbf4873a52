package org.fengqiao.gateway.jurisdiction.standard;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.jurisdiction.Division;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.jurisdiction.JurisdictionResolver;
import org.fengqiao.gateway.jurisdiction.Resolution;
import org.fengqiao.gateway.jurisdiction.ResolutionMethod;

/**
 * The order in which an address is resolved: the source's standard address code, looked up exactly
 * among the loaded standard addresses; then the address text, normalised, among them; then the
 * gazetteer ({@link JurisdictionResolver}), which ends in triage. A text that is two standard
 * addresses in different places is no answer here: the gazetteer decides, and it never guesses either.
 */
@ApplicationScoped
public class AddressResolution {

    public static final double TEXT_CONFIDENCE = 0.98;

    @Inject
    JurisdictionResolver resolver;
    @Inject
    StandardAddressBook book;

    private volatile AddressKey keys;

    public Resolution resolve(String address, String countyHint, String standardAddressCode) {
        Gazetteer gazetteer = resolver.gazetteer();
        String code = standardAddressCode == null ? null : standardAddressCode.strip();
        if (code != null && !code.isEmpty()) {
            var found = book.byCode(code).map(a -> of(gazetteer, a, ResolutionMethod.STANDARD_ADDRESS,
                    JurisdictionResolver.CODE_CONFIDENCE));
            if (found.isPresent() && found.get() != null) return found.get();
        }
        if (address != null && !address.isBlank()) {
            List<StandardAddress> found = book.byKey(keys(gazetteer).of(address));
            String hint = countyHint == null ? null : countyHint.strip();
            if (hint != null && hint.length() == 6) {
                found = found.stream().filter(a -> a.countyCode().equals(hint)).toList();
            }
            if (found.size() == 1) {
                Resolution r = of(gazetteer, found.get(0), ResolutionMethod.STANDARD_ADDRESS_TEXT, TEXT_CONFIDENCE);
                if (r != null) return r;
            }
        }
        return resolver.resolve(address, countyHint, standardAddressCode);
    }

    private AddressKey keys(Gazetteer gazetteer) {
        AddressKey k = keys;
        if (k == null) keys = k = new AddressKey(gazetteer);
        return k;
    }

    /** The resolution a standard address gives; null when its township is not in the gazetteer any more. */
    private static Resolution of(Gazetteer gazetteer, StandardAddress a, ResolutionMethod method, double confidence) {
        Division township = gazetteer.township(a.townshipCode()).orElse(null);
        if (township == null) return null;
        Division county = gazetteer.county(township.parentCode()).orElse(null);
        if (county == null) return null;
        Division village = gazetteer.village(a.villageCode()).orElse(null);
        return new Resolution(township.code(), township.name(), county.code(), county.name(),
                village == null ? null : village.code(), village == null ? null : village.name(), method,
                confidence, List.of(), a.code(), a.gridCode());
    }
}
