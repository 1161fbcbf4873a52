package org.fengqiao.gateway.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The type of a file is what its bytes are, whatever it is called; the configured names may be aliases. */
class ContentTypesTest {

    static final List<String> DEFAULTS = List.of("image/jpeg", "image/png", "application/pdf", "audio/mpeg",
            "audio/wav", "audio/amr", "video/mp4");
    final ContentTypes types = new ContentTypes(DEFAULTS);

    private String detect(String resource) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/attachments/" + resource)) {
            return types.detect(in);
        }
    }

    private String detect(byte[] bytes) throws Exception {
        return types.detect(new ByteArrayInputStream(bytes));
    }

    @Test
    void aPdfIsAPdfAndTakes() throws Exception {
        assertThat(detect("agreement-scan.pdf")).isEqualTo("application/pdf");
        assertThat(types.allowed("application/pdf")).isTrue();
    }

    @Test
    void aProgramOrTextNamedPdfIsWhatItIs() throws Exception {
        String program = detect("program.pdf");
        assertThat(program).isNotEqualTo("application/pdf");
        assertThat(types.allowed(program)).isFalse();
        String text = detect("not-really.pdf");
        assertThat(text).startsWith("text/");
        assertThat(types.allowed(text)).isFalse();
    }

    @Test
    void recordingsAndPicturesByTheirMagic() throws Exception {
        byte[] png = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
        assertThat(types.allowed(detect(png))).as(detect(png)).isTrue();
        byte[] jpeg = { (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0 };
        assertThat(types.allowed(detect(jpeg))).as(detect(jpeg)).isTrue();
        byte[] wav = "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(types.allowed(detect(wav))).as(detect(wav)).isTrue();
        byte[] amr = "#!AMR\n\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(types.allowed(detect(amr))).as(detect(amr)).isTrue();
        byte[] mp3 = { 'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xfb, (byte) 0x90, 0x64 };
        assertThat(types.allowed(detect(mp3))).as(detect(mp3)).isTrue();
        byte[] mp4 = { 0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2', 0, 0, 0, 0, 'i', 's', 'o', 'm', 'm', 'p',
                '4', '2' };
        assertThat(types.allowed(detect(mp4))).as(detect(mp4)).isTrue();
    }

    @Test
    void aTypeThatIsNoTypeStopsTheStart() {
        assertThatThrownBy(() -> new ContentTypes(List.of("pdf files"))).hasMessageContaining("pdf files");
    }
}
