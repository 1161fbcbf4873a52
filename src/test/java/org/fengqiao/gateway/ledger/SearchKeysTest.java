package org.fengqiao.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The ways people write one phone number, name or address give one key; one character off gives
 * another; what is too short or no complete number gives none.
 */
class SearchKeysTest {

    final SearchKeys keys = new SearchKeys(new PartyKeys("test-index-key"));

    @Test
    void aMobileNumberIsOneKeyHoweverItIsWritten() {
        String key = keys.phone("13912345678").orElseThrow();
        for (String written : List.of("139 1234 5678", "139-1234-5678", "+86 139 1234 5678", "+8613912345678",
                "0086 13912345678", "8613912345678", "１３９１２３４５６７８", " (139) 1234-5678 ")) {
            assertThat(keys.phone(written)).as(written).hasValue(key);
        }
        assertThat(keys.phone("13912345679")).get().isNotEqualTo(key);
        assertThat(keys.phone("1391234567")).as("ten digits").isEmpty();
        assertThat(keys.phone("12345")).isEmpty();
    }

    @Test
    void aLandlineNeedsItsAreaCode() {
        String key = keys.phone("0575-87654321").orElseThrow();
        assertThat(keys.phone("(0575) 8765 4321")).hasValue(key);
        assertThat(keys.phone("+86 575 87654321")).as("written internationally, without the trunk 0").hasValue(key);
        assertThat(keys.phone("87654321")).as("any county's").isEmpty();
    }

    @Test
    void aFieldWithTwoNumbersIsKeyedOnBoth() {
        assertThat(SearchKeys.phones("13912345678/0575-87654321；139 1234 5678"))
                .containsExactly("13912345678", "057587654321");
    }

    @Test
    void aNameIsOneKeyWhateverTheSpacesAndMiddleDots() {
        String key = keys.name("买买提·艾力").orElseThrow();
        for (String written : List.of("买买提 艾力", " 买买提・艾力 ", "买买提•艾力", "买买提艾力", "买买提．艾力")) {
            assertThat(keys.name(written)).as(written).hasValue(key);
        }
        assertThat(keys.name("买买提·艾利")).get().isNotEqualTo(key);
        assertThat(keys.name("王")).isEmpty();
    }

    @Test
    void keysOfDifferentKindsDiffer() {
        assertThat(keys.name("13912345678")).get().isNotEqualTo(keys.phone("13912345678").orElseThrow());
        assertThat(keys.idNumber("330681199001011237")).get().isNotEqualTo(keys.name("330681199001011237")
                .orElseThrow());
        assertThat(new SearchKeys(new PartyKeys("another-key")).phone("13912345678")).as("keyed, not a plain hash")
                .get().isNotEqualTo(keys.phone("13912345678").orElseThrow());
    }

    @Test
    void anAddressIsKeyedByItsCharacterPairs() {
        List<String> stored = keys.addressPairs("浙江省绍兴市诸暨市店口镇解放路18号");
        assertThat(stored).hasSize(17).allMatch(k -> k.matches("[0-9a-f]{6}"));
        assertThat(stored).containsAll(keys.addressPairs("解放路 １８号"));
        assertThat(stored).containsAll(keys.addressPairs("店口镇，解放路"));
        assertThat(stored).doesNotContainAnyElementsOf(keys.addressPairs("19号"));
        assertThat(keys.addressPairs("店")).isEmpty();
        assertThat(keys.addressPairs("店 ,")).isEmpty();
    }
}
