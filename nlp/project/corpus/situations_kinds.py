# ruff: noqa: E501  (hand-written sentence data reads better unwrapped)
"""Emergencies and wishes (same syntax as situations.py), appended last.

A dev check after the third set found urgency and aspirations under-learned: too few situations said
"it is happening now, send help" or "it would be good if…" in enough different ways.
"""

from __future__ import annotations

KINDS_MORE: dict[str, list[str]] = {
    "infrastruktur": [
        "<u> [Darurat|Gawat] [pak|bu], [jembatan|gorong-gorong] [di|dekat] {desa} [ambrol|jebol] [barusan|sekarang] [pas|waktu] [ada|dilewati] [motor|mobil], [orangnya|pengendaranya] [jatuh ke sungai|masih di bawah], [tolong|cepat] [kirim|datangkan] [bantuan|tim].",
        "<a> [Alangkah baiknya|Sebaiknya] [pemerintah|dinas] [perbaiki|bangun] [jalan|jembatan] [secara|yang] [permanen|layak] [di|ke] {desa}, [jangan|bukan] [cuma|sekadar] [tambal sulam|urug batu] [tiap tahun|terus].",
    ],
    "kesehatan": [
        "<u> [Tolong|Cepat] [pak|bu], [ada|tetangga saya] [orang|bapak-bapak] [pingsan|nggak sadarkan diri|kejang] [di|depan] [jalan|masjid] {desa} [sekarang|barusan], [ambulans|puskesmas] [nggak bisa|belum] [dihubungi|datang].",
        "<a> [Kami|Warga] [ingin|pengen] [ada|punya] [ambulans desa|mobil siaga] [sendiri|yang standby] di {desa} [supaya|biar] [kalau|pas] [ada|warga] [yang sakit|darurat] [malam-malam|tengah malam] [cepat|bisa] [dibawa|diantar].",
    ],
    "pendidikan": [
        "<u> [Ada|Terjadi] [keracunan|keracunan massal] [makanan|makan siang] [di|murid] [SD|SMP] {desa} [barusan|siang ini], [puluhan|{nn}] [anak|murid] [muntah-muntah|pingsan] [dibawa|dilarikan] ke puskesmas, [tolong|mohon] [segera|cepat] [ditangani|dicek].",
        "<a> [Menurut saya|Kalau boleh usul], [sekolah|pemerintah] [perlu|harus] [adakan|bikin] [les|bimbingan belajar] [gratis|sore] [untuk|bagi] [anak-anak|murid] [yang|di] [ketinggalan|pelosok] {desa}.",
    ],
    "bantuan_sosial": [
        "<u> [Sekarang|Saat ini] [ada|masih ada] {nn} [keluarga|KK] [korban|pengungsi] [banjir|kebakaran|longsor] di {desa} [tidur|bertahan] [di|tanpa] [tenda|terpal] [tanpa|nggak ada] [makanan|air bersih] [sejak|dari] [semalam|kemarin], [tolong|mohon] [cepat|segera] [dikirim|bantu].",
        "<a> [Saya|Kami] [menyarankan|mengusulkan] [data|daftar] [penerima|bansos] [diumumkan|ditempel] [terbuka|di kantor desa] {desa} [supaya|biar] [warga|masyarakat] [bisa|ikut] [mengoreksi|ngecek] [kalau|yang] [salah sasaran|nggak tepat].",
    ],
    "dana_desa": [
        "<a> [Kami|Warga] [mengharapkan|harap] [ada|diadakan] [pengumuman|papan|siaran] [penggunaan|rincian] dana desa {desa} [setiap|tiap] [tahun|semester] [di|lewat] [balai desa|masjid|grup WA] [biar|supaya] [semua|warga] [tahu|paham].",
        "<a> [Bagaimana kalau|Gimana kalau] dana desa {desa} [dipakai|dialokasikan] [untuk|buat] [beasiswa|bantu sekolah] [anak-anak|pelajar] [desa|kami] [yang|dari keluarga] [pintar tapi|nggak] [nggak mampu|mampu]?",
    ],
    "perizinan": [
        "<a> [Semoga|Harapannya] [ke depan|nanti] [izin usaha|perizinan] [bisa|dapat] [diurus|selesai] [lewat HP|online] [aja|saja] [tanpa|nggak perlu] [datang|antre] [ke kantor|ke kota], [warga|kami] [di|dari] {desa} [jauh|susah transport].",
        "<u,+lingkungan> [Galian|Tambang] [tanpa izin|ilegal] [di|dekat] {desa} [barusan|tadi] [longsor|runtuh], [ada|beberapa] [penambang|pekerja] [tertimbun|terjebak], [tolong|cepat] [kirim|datangkan] [tim|bantuan] [sekarang|segera].",
    ],
    "kepegawaian": [
        "<a> [Kami|Warga] [ingin|berharap] [pegawai|petugas] [pelayanan|loket] [diberi|dikasih] [pelatihan|pembinaan] [melayani|pelayanan] [dengan ramah|yang ramah], [soalnya|karena] [banyak|masih ada] yang [judes|ketus] [ke|sama] [warga|orang desa].",
        "<a> [Sebaiknya|Alangkah baiknya] [ada|dipasang] [papan|nomor] [pengaduan|whatsapp] [pelayanan|kantor] [di|tiap] [kecamatan|kelurahan] {kec} [supaya|agar] [warga|kami] [bisa|langsung] [lapor|mengadu] [kalau|jika] [pegawainya|petugas] [nggak ada|kasar].",
    ],
    "korupsi_pungli": [
        "<a> [Saya|Kami] [usul|menyarankan] [semua|setiap] [pembayaran|layanan] [di|kantor] [desa|kecamatan] {kec} [pakai|lewat] [transfer|QRIS|nontunai] [aja|saja], [biar|supaya] [nggak ada|tidak ada] [celah|kesempatan] [pungli|main uang].",
        "<u,+ketertiban_keamanan> [Saya|Kami] [sekarang|lagi] [diancam|diintimidasi] [oknum|orang suruhan] [pejabat|kades] [karena|setelah] [melaporkan|lapor] [pungli|korupsi] [kemarin|minggu lalu], [rumah|kami] [didatangi|dilempari] [orang|batu] [tadi malam|barusan], [tolong|mohon] [perlindungan|dibantu].",
    ],
    "kelautan_perikanan": [
        "<u> [Badai|Angin kencang|Ombak besar] [sekarang|lagi] [menghantam|melanda] [pesisir|perairan] {desa}, [ada|beberapa] [perahu|kapal] nelayan [yang|masih] [belum|nggak] [bisa|sempat] [pulang|merapat], [tolong|mohon] [SAR|tim] [disiagakan|segera].",
        "<a> [Kami|Nelayan] [mengharapkan|ingin] [ada|diadakan] [pelatihan|penyuluhan] [keselamatan di laut|navigasi|cuaca] [dan|serta] [pembagian|bantuan] [radio|pelampung] [untuk|buat] [nelayan kecil|perahu kecil] di {desa}.",
    ],
    "lingkungan": [
        "<u> [Air sungai|Banjir] [naik terus|makin tinggi] [sekarang|dari tadi] di {desa}, [sudah|udah] [masuk|sampai] [dada|atap] [rumah|warga], [ada|masih ada] [lansia|anak kecil] [terjebak|di atap], [tolong|cepat] [kirim perahu|evakuasi] [sekarang|segera].",
        "<a> [Kami|Warga] [ingin|berharap] [ada|diadakan] [gerakan|program] [tanam pohon|penghijauan] [di|sepanjang] [bantaran sungai|lereng|bukit] {desa} [bareng|bersama] [pemerintah|dinas], [biar|supaya] [nggak|tidak] [longsor|banjir] [lagi|terus].",
    ],
    "ketertiban_keamanan": [
        "<u> [Rumah|Warung] [tetangga|di] {desa} [sekarang|lagi] [dikepung|diserang] [massa|sekelompok orang] [bawa|pakai] [parang|batu], [ada|penghuninya] [yang|masih] [terluka|di dalam], [tolong|cepat] [polisi|aparat] [datang|dikirim].",
        "<a> [Saran|Usul] saya [pak|bu], [ronda|siskamling] [malam|bergilir] di {desa} [dihidupkan|diaktifkan] [lagi|kembali] [dengan|dan] [dukungan|bantuan] [dari|oleh] [desa|babinkamtibmas], [misalnya|kayak] [senter|honor] [petugas ronda|peronda].",
    ],
    "adminduk": [
        "<a> [Mohon|Kami mohon] [dipertimbangkan|diusahakan] [layanan|pelayanan] [dukcapil|KTP KK] [keliling|jemput bola] [masuk|datang] [ke|di] [sekolah|desa] {desa} [supaya|agar] [anak|pemilih pemula] [yang|sudah] [tujuh belas tahun|cukup umur] [bisa|langsung] [rekam|perekaman].",
        "<a> [Alangkah baiknya|Akan lebih baik] [kalau|jika] [akta kelahiran|akta kematian] [bisa|dapat] [langsung|otomatis] [diurus|diterbitkan] [dari|di] [rumah sakit|puskesmas|desa], [warga|kami] [nggak|tidak] [perlu|usah] [ke|datang ke] dukcapil.",
    ],
    "listrik_air": [
        "<u> [Kebakaran|Api] [karena|gara-gara] [korsleting|arus pendek] listrik [di|rumah] {desa} [sekarang|barusan], [apinya|api] [merembet|menjalar] [ke|rumah] [tetangga|sebelah], [tolong|cepat] [PLN|listrik] [dipadamkan|dimatikan] [dan|sama] [damkar|pemadam] [dikirim|datang].",
        "<a> [Harapan|Keinginan] [warga|kami], [PDAM|pemerintah] [bangun|buat] [tandon|bak penampungan] [air|umum] [di|dekat] {rt} {desa} [buat|untuk] [cadangan|stok] [kalau|pas] [air|PDAM] [mati|macet] [lama|berhari-hari].",
    ],
    "transportasi": [
        "<u> [Tolong|Cepat] [pak|bu], [ada|barusan ada] [anak|orang] [tertabrak|keserempet] [motor|truk] di [depan|dekat] [sekolah|pasar] {desa}, [korbannya|anaknya] [nggak sadar|berdarah], [pelakunya|penabraknya] [kabur|lari].",
        "<a> [Menurut saya|Saran saya], [angkutan umum|bus] [di|ke] {kabs} [perlu|sebaiknya] [dibuat|punya] [jadwal|halte] [yang tetap|yang jelas] [dan|serta] [bisa|dipantau] [lewat|di] [aplikasi|HP], [biar|supaya] [orang|warga] [mau|senang] [naik|pakai] [kendaraan umum|angkutan umum].",
    ],
    "keuangan_negara": [
        "<a> [Kami|Pensiunan] [berharap|ingin] [ada|dibuka] [layanan|loket] [pensiun|Taspen] [keliling|di kecamatan] [sampai|ke] {kec}, [orang tua|kami] [yang|sudah] [sepuh|lanjut usia] [susah|berat] [ke|pergi ke] [kota|kantor cabang].",
        "<a> [Sebaiknya|Alangkah baiknya] [laporan|realisasi] [APBD|anggaran daerah] {kabs} [ditampilkan|diumumkan] [lewat|di] [papan|baliho|website] [yang|dengan bahasa] [sederhana|mudah], [supaya|biar] [rakyat|warga] [ngerti|paham] [uangnya|anggarannya] [ke mana|buat apa].",
    ],
    "pertanian": [
        "<u> [Hama|Serangan] [belalang|wereng|tikus] [sekarang|lagi] [menyerang|ngamuk] [besar-besaran|ratusan hektare] [sawah|ladang] di {desa}, [dalam|cuma] [dua hari|semalam] [tanaman|padi] [habis|ludes], [tolong|mohon] [segera|cepat] [dikirim|bantu] [obat|petugas].",
        "<a> [Kami|Petani] [ingin|berharap] [ada|dibangun] [gudang|resi gudang|penyimpanan] [hasil panen|gabah] [di|dekat] {desa} [supaya|biar] [bisa|kami] [simpan|tahan] [dulu|hasil] [waktu|pas] [harga|harganya] [anjlok|jatuh].",
    ],
    "ketenagakerjaan": [
        "<u> [Saudara|Anak] saya [PMI|TKW] [sekarang|barusan] [telepon|kirim pesan] [minta tolong|nangis], [dia|katanya] [dikurung|disekap] [majikan|agen] [dan|nggak] [nggak dikasih|tanpa] makan, [tolong|mohon] [segera|cepat] [diselamatkan|dibantu].",
        "<a> [Saran|Usul] [saya|kami], [balai latihan kerja|BLK] [di|untuk] {kabs} [buka|tambah] [kelas|pelatihan] [yang|sesuai] [dibutuhkan|kebutuhan] [pabrik|industri] [sekitar|di sini] [supaya|biar] [lulusannya|pesertanya] [langsung|bisa] [kerja|diterima].",
    ],
    "lainnya": [
        "<a> [Usul|Harapan] [saya|kami] [buat|untuk] [pemda|pemerintah] {kabs}, [adakan|bikin] [forum|pertemuan] [warga|dialog] [rutin|tiap bulan] [dengan|bersama] [bupati|pejabat] [di|ke] [desa-desa|kecamatan] [supaya|biar] [aspirasi|suara] [kami|warga] [didengar|sampai].",
        "<a> [Alangkah baiknya|Semoga] [RRI|acara ini] [juga|bisa] [siarkan|bacakan] [hasil|tindak lanjut] [aduan|laporan] [warga|pendengar] [minggu lalu|sebelumnya], [biar|supaya] [kami|warga] [tahu|yakin] [aduan|keluhan] [kami|kita] [benar-benar|betul] [diproses|ditanggapi].",
    ],
}
