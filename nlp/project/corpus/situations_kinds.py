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

# A fourth set for the classes a dev check found weakest (infrastructure, corruption, public order,
# environment, fisheries, other): more objects and verbs that only they use.
WEAK_MORE: dict[str, list[str]] = {
    "infrastruktur": [
        "[Kontraktor|Pemborong] [proyek|pembangunan] [jalan|jembatan] di {desa} [kabur|menghilang] [sebelum|padahal belum] [selesai|rampung], [pekerjaan|proyek] [baru|cuma] [setengah|sebagian], [papan proyek|plang] [nilainya|anggarannya] {rp}.",
        "[Aspal|Jalan] [di|depan] [kantor|pasar] {kec} [bergelombang|retak memanjang|ambles] [karena|gara-gara] [drainase|saluran] [di bawahnya|nya] [bocor|jebol], [tiap|setiap] [hari|malam] [ada|pengendara] [yang|motor] [terpeleset|jatuh].",
        "<i> [Pak|Bu], [jalan|ruas jalan] [dari|antara] {desa} [ke|dan] {kec} [itu|tuh] [status|termasuk] [jalan desa|jalan kabupaten|jalan provinsi] [atau|ya], [soalnya|karena] [tiap|setiap] [kami|warga] [lapor|ngadu] [dilempar|dioper] ke [sana sini|instansi lain]?",
        "[Box culvert|Gorong-gorong|Saluran] [di|bawah] jalan {desa} [tertutup|penuh] [sampah|tanah|sedimen] [sampai|jadi] [air|genangan] [naik|meluap] [ke|sampai] [badan jalan|aspal] [setiap|tiap] [hujan|sore].",
        "[Pembangunan|Proyek] [tanggul|talud|turap] [sungai|kali] di {desa} [pakai|memakai] [batu|material] [kecil|jelek] [dan|dengan] [semen|adukan] [sedikit|encer], [baru|belum] {n} bulan [sudah|udah] [retak|jebol].",
        "<a> [Mohon|Kami mohon] [jalan|akses] [penghubung|menuju] [dusun|kampung] [terisolir|terpencil] [di|ke] {desa} [dibuka|dibangun] [pak|bu], [kalau|pas] [hujan|musim hujan] [warga|kami] [nggak bisa|tidak bisa] [keluar|ke pasar] [berhari-hari|sama sekali].",
    ],
    "korupsi_pungli": [
        "[Oknum|Pegawai] [kecamatan|kantor camat] {kec} [minta|narik] [uang|biaya] {rp} [untuk|buat] [legalisir|cap|tanda tangan] [surat|berkas] [ahli waris|jual beli tanah], [katanya|bilangnya] [uang|biaya] [administrasi|jasa].",
        "[Dana|Anggaran] [perjalanan dinas|rapat|kegiatan] [di|pada] [dinas|kantor] {kabs} [diduga|katanya] [fiktif|dimanipulasi], [kegiatannya|acaranya] [nggak pernah|tidak pernah] [ada|dilaksanakan] [tapi|kok] [SPJ|kuitansinya] [lengkap|ada].",
        "<i> [Mau tanya|Tanya] [pak|bu], [kalau|gimana] [mau|cara] [lapor|melaporkan] [dugaan|kasus] [korupsi|suap] [ke|langsung ke] [KPK|kejaksaan] [itu|tuh] [bisa|boleh] [lewat|pakai] [telepon|online] nggak, [bukti|syaratnya] apa aja?",
        "[Petugas|Oknum] [penyalur|panitia] [bantuan|BLT|beras] di {desa} [minta|motong] [uang|jatah] [lelah|rokok|bensin] {rp2} [dari|ke] [setiap|tiap] [penerima|warga] [yang|waktu] [ambil|mencairkan] bantuan.",
        "[Kepala|Oknum] [UPTD|pasar|terminal] {kec} [jual|sewakan] [kios|los|lapak] [milik pemda|pemerintah] [ke|kepada] [pedagang|orang] [dengan|seharga] {rp} [tanpa|nggak pakai] [kuitansi resmi|karcis], [uangnya|duitnya] [masuk kantong|dipakai] [pribadi|sendiri].",
        "<a> [Harapan|Usul] kami, [pejabat|kepala dinas] {kabs} [wajib|harus] [lapor|umumkan] [harta|kekayaan] [dan|serta] [proyek|pengadaan] [diumumkan|dibuka] [terbuka|ke publik], [supaya|biar] [nggak ada|tidak ada] [main mata|kongkalikong].",
    ],
    "ketertiban_keamanan": [
        "[Lapak|Kios] [di|pasar] {kec} [sering|sudah {n} kali] [dibobol|kemalingan] [tengah malam|dini hari], [penjaga malam|satpam] [pasar|nya] [nggak ada|tidur], [pedagang|kami] [rugi|kehilangan] [barang|dagangan] {rp}.",
        "[Ormas|Sekelompok orang] [minta|paksa] [sumbangan|uang] [ke|di] [toko|rumah] [warga|kami] {desa} [bawa|pakai] [map|proposal] [dan|sambil] [ngancam|marah] [kalau|kalo] [nggak|tidak] [dikasih|ngasih] {rp2}.",
        "<i> [Pak|Bu], [kalau|gimana] [HP|motor] [saya|kami] [dicuri|hilang] [terus|lalu] [pelakunya|barangnya] [ketahuan|kelihatan] [di|lewat] [media sosial|Facebook], [saya|kami] [boleh|bisa] [ambil|tangkap] [sendiri|langsung] [atau|harus] [lapor|ke] [polisi|polsek] dulu?",
        "[Kebut-kebutan|Konvoi] [motor|geng motor] [pelajar|remaja] [tiap|setiap] [pulang sekolah|malam minggu] [di|lewat] jalan {desa}, [bawa|acungkan] [senjata tajam|celurit|gir], [warga|kami] [takut|nggak berani] [keluar|lewat].",
        "<u> [Ada|Lagi ada] [orang|pria] [mengamuk|ngamuk] [bawa|pakai] [parang|pisau] di [pasar|jalan] {desa} [sekarang|barusan], [warga|orang-orang] [lari|berhamburan], [sudah|udah] [ada|satu orang] [yang|kena] [luka|dibacok], [tolong|cepat] [polisi|aparat] [datang|ke sini].",
        "<a> [Kami|Warga] [berharap|mohon] [Satpol PP|aparat] [tertibkan|tindak] [warung|tempat] [yang|karaoke] [jual|menjual] [miras|tuak|minuman keras] [dekat|di sekitar] [sekolah|masjid] di {kec}, [sering|banyak] [pemuda|anak muda] [mabuk|ribut] [di situ|di sana].",
        "[Bandar|Pengedar|Kurir] [narkoba|sabu|ganja] [di|kampung] {desa} [sudah|udah] [dilaporkan|dikenal warga] [tapi|kok] [masih|tetap] [bebas|berkeliaran], [katanya|kabarnya] [punya|dibekingi] [orang dalam|aparat], [anak-anak muda|pelajar] [banyak|mulai] [yang|jadi] [pemakai|kecanduan].",
        "[Pencurian|Maling] [sapi|kambing|kerbau] [di|kampung] {desa} [terjadi lagi|makin sering] [tadi malam|minggu ini], [kandang|pintu kandang] [dibobol|dijebol], [warga|peternak] [rugi|kehilangan] {rp}, [polisi|aparat] [belum|nggak] [nangkap|ketemu] [pelakunya|malingnya].",
        "[Anak|Remaja] [perempuan|putri] [tetangga|di kampung] {desa} [umur|usia] [lima belas|enam belas] [tahun|tahunan] [mau|akan] [dinikahkan|dikawinkan] [orang tuanya|paksa] [minggu depan|bulan ini], [dia|anaknya] [nggak mau|menolak] [dan|tapi] [takut|nggak berani] [lapor|melawan].",
        "[Warga|Pemuda] [dari|kampung] [sebelah|tetangga] [datang|menyerbu] [ke|di] {desa} [bawa|pakai] [kayu|batu|senjata tajam] [gara-gara|karena] [masalah|dendam] [lama|pertandingan bola], [rumah|motor] [warga|kami] [dirusak|dilempari], [tolong|mohon] [aparat|polisi] [jaga|patroli].",
    ],
    "lingkungan": [
        "[Pabrik|Usaha] [tahu|tapioka|karet] di {desa} [bau|baunya] [busuk|menyengat] [banget|sekali] [terutama|apalagi] [malam|sore] [hari|], [warga|kami] [sampai|sering] [mual|pusing] [dan|juga] [nggak bisa|susah] [tidur|makan].",
        "[Tanah|Lahan] [bekas|lubang] [tambang|galian] [batubara|timah|pasir] di {desa} [dibiarkan|ditinggal] [menganga|terbuka] [tanpa|nggak] [reklamasi|ditutup], [jadi|sekarang] [danau|kolam] [yang|dan] [sudah|udah] [makan korban|ada anak tenggelam].",
        "<i> [Pak|Bu], [kalau|gimana] [mau|cara] [minta|mengajukan] [truk sampah|kontainer sampah|TPS] [untuk|buat] [kampung|perumahan] {desa} [itu|tuh] [lewat|ke] [mana|DLH], [bayar|ada iuran] nggak?",
        "[Hutan mangrove|Hutan lindung|Kawasan hutan] [di|dekat] {desa} [dibakar|dirambah] [orang|perusahaan] [buat|untuk] [buka|dijadikan] [kebun|lahan sawit|tambak], [asap|api] [sampai|masuk] [ke|di] [kampung|rumah] kami.",
        "[Suara|Bunyi] [mesin|genset|pabrik] [kayu|penggergajian|batu] di {desa} [bising|berisik] [dari|sejak] [subuh|pagi] [sampai|ampe] [malam|tengah malam], [anak|bayi] [kami|saya] [nggak bisa|susah] [tidur|istirahat].",
        "<a> [Kami|Warga] [usul|berharap] [ada|dibuat] [aturan|perdes|perda] [larangan|tentang] [buang sampah|buang limbah] [ke|di] [sungai|laut] [beserta|dengan] [denda|sanksi] [yang jelas|tegas], [biar|supaya] [orang|warga] [jera|nggak seenaknya].",
    ],
    "kelautan_perikanan": [
        "[Pelelangan|TPI] [ikan|di] {kec} [nggak|tidak] [berfungsi|jalan] [lagi|sama sekali], [nelayan|kami] [langsung|terpaksa] [jual|setor] [ke|ikan ke] [juragan|bakul] [dengan|yang] [harga|timbangannya] [nggak jelas|curang].",
        "[Nelayan|Kapal] [andon|pendatang] [dari|luar] [provinsi|daerah] [lain|sebelah] [nangkap|menangkap] [pakai|dengan] [lampu|jaring] [besar|raksasa] [di|dekat] [pantai|perairan] {desa}, [ikan|hasil] [nelayan|kami] [habis|turun drastis].",
        "<i> [Pak|Bu], [kalau|gimana] [mau|cara] [daftar|ikut] [asuransi nelayan|BPJS Ketenagakerjaan nelayan|perlindungan nelayan] [itu|tuh] [ke|lewat] [mana|dinas perikanan], [iurannya|preminya] [berapa|ditanggung] nggak?",
        "[Benih|Bibit] [ikan|udang|bandeng] [bantuan|dari dinas] [yang|untuk] [ditebar|dibagikan] [ke|di] [tambak|kolam] [kelompok|kami] di {desa} [banyak|separuh] [yang|sudah] [mati|kerdil] [sebelum|waktu] [sampai|ditebar].",
        "<+korupsi_pungli> [Syahbandar|Petugas pelabuhan] [di|perikanan] {kec} [nggak|tidak] [mau|bisa] [keluarkan|terbitkan] [surat|SPB|persetujuan berlayar] [kapal|perahu] [kami|nelayan] [kalau|kalo] [nggak|tidak] [bayar|kasih] [lebih|uang rokok] {rp2}.",
        "<a> [Harapan|Aspirasi] [kami|ibu-ibu nelayan], [ada|diadakan] [pelatihan|bantuan alat] [olahan|pengolahan] [ikan|hasil laut] [kayak|seperti] [abon|kerupuk|ikan asin] [supaya|biar] [ada|dapat] [penghasilan|tambahan] [waktu|pas] [musim angin|nggak melaut].",
    ],
    "lainnya": [
        "<i> [Pak|Bu], [aduan|laporan] [yang|lewat] [dikirim|disampaikan] [lewat|ke] [radio|RRI] [ini|begini] [diteruskan|sampai] [ke|kepada] [siapa|bupati] [ya|sih], [terus|dan] [berapa lama|kapan] [biasanya|kira-kira] [dijawab|ditanggapi]?",
        "[Tetangga|Pemilik lahan] [sebelah|di belakang] [rumah|kami] di {desa} [pelihara|memelihara] [burung|anjing|ayam] [banyak|puluhan] [yang|dan] [berisik|bau] [siang malam|tiap hari], [diajak|ditegur] [ngomong|baik-baik] [nggak|tidak] [mempan|digubris].",
        "[Pengurus|Ketua] [RT|RW|paguyuban] di {desa} [narik|minta] [iuran|uang] [keamanan|kebersihan|17-an] {rp2} [tiap bulan|per rumah] [tapi|dan] [nggak pernah|tidak] [ada|kasih] [laporan|rincian] [uangnya|pemakaiannya].",
        "<a> [Kami|Warga] [ingin|pengen] [ada|dibangun] [pasar|lapak] [UMKM|kuliner] [malam|mingguan] [di|dekat] [alun-alun|lapangan] {kec} [supaya|biar] [pedagang kecil|ibu-ibu] [bisa|punya] [tempat|jualan] [dan|juga] [kampung|kota] [lebih|jadi] [ramai|hidup].",
        "[Tanah|Sertifikat] [warisan|milik] [orang tua|keluarga] saya di {desa} [ternyata|tahu-tahu] [sudah|udah] [atas nama|dibalik nama] [orang lain|saudara] [tanpa|nggak] [sepengetahuan|tanda tangan] [kami|ahli waris] [yang lain|lainnya].",
        "<i> [Mau tanya|Tanya] [pak|bu], [jadwal|pendaftaran] [nikah massal|isbat nikah|sidang keliling] [gratis|dari pemerintah] [di|untuk] {kec} [tahun ini|nanti] [kapan|ada nggak], [daftarnya|syaratnya] [ke|di] mana?",
    ],
}
