# ruff: noqa: E501  (hand-written sentence data reads better unwrapped)
"""Hand-written complaint situations per topic: the core of every corpus example.

Syntax of one situation string:
  - an optional leading tag block "<a,u,+kesehatan>": a = aspirasi, i = permintaan_informasi (default
    pengaduan), u = urgent, +label = an extra topic (multi-label);
  - "[x|y|z]" picks one alternative (nesting is not supported);
  - "dev" in the tag block sends the situation to dev regardless of its index (used so that dev has
    enough urgent examples);
  - "{slot}" is filled by build.py (desa, kec, kab, kabs, n, nn, rp, lama, rt, hp, tgl, jam, orang, no).
The corpus is split by situation: every fifth situation of a topic (index % 5 == 2) goes to dev only.
"""

from __future__ import annotations

SITUATIONS: dict[str, list[str]] = {
    "infrastruktur": [
        "Jalan di Desa {desa} itu rusak parah [pak|bu|mas], lubangnya [gede-gede|besar banget|segede kubangan kerbau], "
        "udah {lama} nggak diperbaiki.",
        "[Jalan kabupaten|Jalan poros] yang ke arah Kecamatan {kec} itu aspalnya udah [ngelupas|hancur|habis], "
        "tinggal batu doang, kalau hujan [becek banget|jadi kayak sawah].",
        "<+kesehatan> Jalan menuju puskesmas {kec} rusak berat, [ambulans|mobil ambulan] aja susah lewat, "
        "kemarin ada ibu mau melahirkan [hampir telat|kasihan banget] dibawa ke puskesmas.",
        "<u> Jembatan gantung di Dusun {desa} [putus|ambruk] [tadi pagi|semalam] kebawa arus, anak-anak sekolah "
        "nggak bisa nyeberang sekarang.",
        "Drainase di {rt} Kelurahan {desa} [mampet|tersumbat], [got|selokan]nya nggak pernah dikeruk, tiap hujan "
        "dikit aja air naik ke jalan.",
        "Proyek [pengaspalan|betonisasi|rabat beton] jalan di {desa} baru {n} bulan udah retak-retak, "
        "kayaknya [kualitasnya jelek|campurannya kurang semen] pak.",
        "<a> Kami warga {desa} [berharap|mohon] jalan [usaha tani|lingkungan] sepanjang {nn}0 meter itu bisa "
        "[dicor|diaspal] tahun depan, [soalnya|karena] itu akses [utama|satu-satunya] warga.",
        "Lampu penerangan jalan umum di [jalan raya|jalan provinsi] {kec} mati semua, [udah|sudah] {lama}, "
        "malam-malam gelap [gulita|banget], rawan begal.",
        "<u,dev> Ada [longsor|tanah longsor] di jalan [penghubung|poros] {desa} ke {kec}, jalannya [tertutup total|"
        "amblas separuh], mobil nggak bisa lewat sama sekali.",
        "Jalan nasional [lintas|jalur] {kabs} itu banyak lubang [pak|bu], [truk-truk|kendaraan] besar jadi "
        "[zig-zag|ngerem mendadak], bahaya.",
        "<i> Mau tanya [pak|bu], jalan [rusak|yang longsor] di {desa} itu kewenangan [siapa|kabupaten atau "
        "provinsi], [biar|supaya] kami tahu harus ngadu ke mana?",
        "Trotoar di depan pasar {kec} [rusak|ambles|pecah-pecah], [paving|keramik]nya lepas, orang jalan "
        "[kesandung|harus turun ke jalan raya].",
        "Tanggul [irigasi|saluran] di {desa} jebol [sepanjang|kurang lebih] {nn} meter, [sudah|udah] dilaporkan "
        "ke [dinas|PU] tapi belum ada [tindakan|yang datang].",
        "<a> [Usul|Saran] pak, [gorong-gorong|box culvert] di ujung jalan {desa} itu [diperbesar|dilebarkan], "
        "[kekecilan|terlalu kecil] jadi air meluap terus.",
        "Proyek [pembangunan jembatan|pelebaran jalan] di {kec} [mangkrak|berhenti] udah {lama}, material "
        "[ditinggal|dibiarkan] di pinggir jalan [gitu aja|begitu saja].",
        "<+pendidikan> Jalan ke SD Negeri {no} {desa} [berlumpur|becek] parah, anak-anak [sampai|nyampe] "
        "sekolah sepatunya [penuh lumpur|kotor semua], kasihan pak.",
        "[Pasar|Gedung pasar] {kec} atapnya bocor [di mana-mana|semua], [lapak|kios] pedagang kebanjiran "
        "tiap hujan, padahal [retribusi|iuran] jalan terus.",
    ],
    "kesehatan": [
        "Saya [antre|ngantri] di puskesmas {kec} dari jam {jam} [pagi|subuh] tapi [dokternya|dokter] nggak "
        "datang-datang, [cuma|hanya] ada bidan.",
        "Di RSUD {kabs} [pasien|keluarga saya] [ditolak|disuruh pulang] katanya kamar penuh, padahal "
        "[kondisinya|ibu saya] [udah lemes banget|kritis].",
        "Obat di puskesmas [pembantu|pustu] {desa} [sering kosong|habis terus], kami disuruh beli di apotek "
        "[luar|swasta] [sendiri|pakai uang sendiri].",
        "Kartu BPJS Kesehatan [saya|ibu saya] [tiba-tiba|mendadak] nonaktif pas mau [berobat|rawat inap], "
        "padahal [PBI|dibayar pemerintah] pak.",
        "<u> Di {desa} [banyak|ada {nn}] warga kena [demam berdarah|DBD], [dua|beberapa] anak udah dirawat, "
        "tolong [segera|cepat] di-fogging pak.",
        "Petugas [di IGD|di loket pendaftaran] rumah sakit [judes|kasar|nggak ramah] banget, [bentak-bentak|"
        "marah-marah] ke pasien [yang tua|lansia].",
        "<i> Mau tanya bu, [kalau|gimana cara] [daftar|urus] BPJS [yang gratis|PBI] itu syaratnya apa aja, "
        "[ke mana|di mana] ngurusnya?",
        "<a> [Kami warga|Warga] {desa} [minta|berharap] ada [bidan desa|dokter jaga] yang [tinggal|standby] di "
        "[polindes|pustu], soalnya puskesmas jauh {nn} kilo.",
        "Posyandu di {rt} udah {lama} nggak [jalan|aktif], [timbangan|makanan tambahan] buat balita "
        "[nggak ada|nggak pernah dibagi] lagi.",
        "[Ambulans desa|Mobil ambulan] {desa} [dipakai|dipake] buat [urusan pribadi|antar jemput keluarga] pak "
        "kades, [pas|waktu] warga butuh malah nggak ada.",
        "Pasien BPJS di [RS swasta|rumah sakit] {kabs} disuruh [bayar|nebus] obat [sendiri|tambahan] "
        "{rp}, katanya [obatnya nggak ditanggung|di luar paket].",
        "<+infrastruktur> Gedung puskesmas {kec} [plafonnya ambrol|atapnya bocor], ruang [tunggu|periksa] "
        "[tergenang|basah semua], pasien [duduk di luar|kepanasan].",
        "Anak saya [stunting|kurang gizi] kata [bidan|kader], tapi [bantuan|PMT] dari [puskesmas|dinas] "
        "[nggak pernah sampai|cuma sekali doang].",
        "<u,dev> Ada [wabah diare|keracunan makanan] di {desa} habis [hajatan|kenduri] [semalam|kemarin], "
        "[puluhan|{nn}] orang [muntah-muntah|dilarikan ke puskesmas].",
        "Rujukan ke rumah sakit [dipersulit|bolak-balik], [tiga kali|berkali-kali] ke puskesmas "
        "[cuma|hanya] buat minta surat rujukan [doang|aja].",
        "<i> [Pak|Bu], vaksin [campak|polio|imunisasi dasar] buat bayi [jadwalnya|kapan] di posyandu "
        "{desa}? [Kemarin|Bulan lalu] katanya [ditunda|kosong].",
    ],
    "pendidikan": [
        "Sekolah [anak saya|kami] SD Negeri {no} {desa} [minta|narik] uang [seragam|buku LKS|perpisahan] "
        "{rp}, [katanya wajib|padahal katanya gratis].",
        "[Atap|Plafon] kelas di SMP Negeri {no} {kec} [roboh|bolong], anak-anak belajar [di teras|di musala|"
        "gantian] [udah|sudah] {lama}.",
        "Guru honorer di [sekolah kami|SD {desa}] gajinya [cuma|hanya] {rp} sebulan, itu pun [telat|dirapel] "
        "{n} bulan.",
        "PPDB zonasi [nggak adil|amburadul] pak, rumah [saya|kami] [dekat|cuma {nn}0 meter dari] sekolah tapi "
        "anak saya [nggak keterima|ditolak].",
        "<i> [Mau tanya|Numpang tanya] [pak|bu], Kartu Indonesia Pintar [anak saya|KIP] kok dananya belum "
        "cair, [ngurusnya|tanya] ke mana ya?",
        "Ijazah anak saya [ditahan|nggak dikasih] sekolah [gara-gara|karena] [nunggak|belum lunas] SPP "
        "{rp}, padahal mau [daftar kerja|lanjut kuliah].",
        "Guru [di SD {desa}|wali kelas] [sering|suka] [nggak masuk|bolos], anak-anak [dibiarin|disuruh main] "
        "aja di kelas.",
        "<a> Kami [harap|mohon] di {desa} [dibangun|ada] SMP [negeri|satu atap], anak-anak [harus|mesti] "
        "[nyeberang sungai|jalan kaki {n} jam] buat sekolah.",
        "Dana BOS di [sekolah|SD] {desa} [nggak jelas|nggak transparan] [penggunaannya|laporannya], "
        "[komite|orang tua] [nggak pernah dikasih tahu|nggak dilibatkan].",
        "<+ketertiban_keamanan> Anak saya [dibully|dipukul|dikeroyok] [kakak kelas|temannya] di sekolah, "
        "[guru|pihak sekolah] [diam aja|nggak ada tindakan].",
        "<i> [Bu|Pak], pendaftaran [sekolah|PPDB] SMA tahun ini [dibuka|mulai] kapan, [jalur|syarat] "
        "[afirmasi|KETM] itu gimana?",
        "Buku [paket|pelajaran] di SD {desa} [kurang|nggak cukup], satu buku [dipakai|buat] {n} anak, "
        "[gimana|bagaimana] mau belajar.",
        "[Kepala sekolah|Kepsek] SMP {no} {kec} [jual|wajibkan beli] [seragam|buku] [di koperasi|ke "
        "sekolah] dengan harga [mahal|dua kali lipat] pak.",
        "<a> [Saran|Usulan] saya, [guru|tenaga pendidik] di [pelosok|daerah terpencil] kayak {desa} itu "
        "[dikasih|diberi] tunjangan [lebih|khusus], biar betah.",
        "[PAUD|TK] di {desa} [tutup|nggak jalan] [udah|sudah] {lama}, [gurunya|tutornya] [berhenti|pindah] "
        "karena [nggak digaji|insentifnya nggak cair].",
        "<+korupsi_pungli> Sekolah [minta sumbangan|pungut iuran] [pembangunan|pagar|komputer] {rp} per [siswa|anak], kalau "
        "nggak bayar [rapor ditahan|anak diomongin].",
    ],
    "bantuan_sosial": [
        "Saya [janda|lansia] [nggak punya|tanpa] penghasilan tapi [nggak pernah|belum pernah] dapat [bansos|"
        "PKH|BLT], [yang dapat|malah] [tetangga|orang] yang [mampu|punya mobil].",
        "<+korupsi_pungli> [Bantuan|Beras] [BPNT|sembako] di {desa} [dipotong|dikurangi] [sama|oleh] [pendamping|agen], "
        "harusnya [dapat|terima] {rp} tapi cuma {rp2}.",
        "<i> [Gimana|Bagaimana] caranya [masuk|didaftarkan ke] DTKS [pak|bu]? [Saya|Kami] udah [ngajuin|"
        "ke kantor desa] {n} kali tapi [nggak ada kabar|belum masuk].",
        "Nama saya [tercoret|hilang] dari [daftar|penerima] PKH [tahun ini|bulan ini], padahal [kondisi|"
        "ekonomi] [masih sama|makin susah].",
        "Kartu [KKS|ATM bansos] saya [dipegang|ditahan] [ketua kelompok|agen BRI link], [uangnya|saldo] "
        "[diambil duluan|dicairkan tanpa saya].",
        "BLT [Dana Desa|dari desa] di {desa} [dibagi ke|cuma dapat] [keluarga|kerabat] [perangkat|pak kades] "
        "aja, warga miskin [nggak kebagian|nggak dapat].",
        "<a> [Mohon|Tolong] [pendataan|data] [penerima bansos|DTKS] di {desa} [diperbarui|dicek ulang], "
        "banyak yang [udah meninggal|udah mampu] [masih|tetap] dapat.",
        "[Bantuan|Santunan] [disabilitas|untuk anak yatim] [belum|nggak pernah] [cair|diterima] {lama}, "
        "padahal [sudah|udah] [didata|difoto] [petugas dinsos|dinas sosial].",
        "<u,+lingkungan> [Rumah|Rumah warga] di {desa} [kebanjiran|terendam] [sampai atap|sepinggang], "
        "[kami butuh|tolong kirim] [makanan|bantuan logistik] dan [selimut|tenda] pak, anak-anak [kedinginan|"
        "lapar].",
        "<i> [Pak|Bu], bantuan [rumah tidak layak huni|bedah rumah|RTLH] itu [daftarnya|ngajuinnya] lewat "
        "siapa, [syaratnya|butuh] apa saja?",
        "Bansos [sembako|beras] yang [dibagikan|datang] ke {desa} [berasnya|kualitasnya] [berkutu|apek|"
        "bau], [nggak layak makan|kayak pakan ayam] pak.",
        "<+korupsi_pungli> Pendamping PKH [minta|narik] [uang|jatah] {rp} [setiap|tiap kali] pencairan, katanya buat "
        "[fotokopi|bensin|administrasi].",
        "<a> [Harapan|Keinginan] kami, [lansia|orang tua] [yang sebatang kara|terlantar] di {desa} "
        "[diperhatikan|dapat perhatian] dinsos, [ada|dikasih] [bantuan rutin|bantuan makan].",
        "Penerima [bansos|BLT] di {rt} [ada|kebanyakan] [PNS|pegawai|pensiunan], kok bisa [dapat|masuk "
        "daftar] ya pak?",
        "Saldo [PKH|bansos] saya [kosong|nol] pas dicek di [ATM|agen], padahal [pengumuman|katanya] "
        "[sudah cair|masuk] {tgl}.",
    ],
    "dana_desa": [
        "Dana desa di {desa} [nggak jelas|nggak transparan] [penggunaannya|buat apa], [papan informasi|baliho "
        "APBDes] [nggak pernah dipasang|nggak ada].",
        "Pak kades {desa} [bangun|buat] [jalan|talud] pakai dana desa tapi [panjangnya|volumenya] [nggak sesuai|"
        "kurang dari] RAB, [katanya|di papan] {nn}0 meter [cuma|tapi] jadi {nn} meter.",
        "BUMDes di {desa} [modal|dana penyertaan] {rp} [udah|sudah] [habis|nggak jelas], [usahanya|"
        "unit usahanya] [nggak jalan|bangkrut] [sama sekali|dari awal].",
        "<a> Kami [minta|harap] [musdes|musyawarah desa] [dibuka|melibatkan] warga, [selama ini|sekarang] "
        "[cuma|hanya] [perangkat|orang dekat kades] yang diundang.",
        "Pembangunan [gedung|balai] desa {desa} [pakai|dari] dana desa {rp} tapi [mangkrak|setengah jadi] "
        "[udah|sudah] {lama}.",
        "<i> [Mau tanya|Numpang tanya] [pak|bu], [laporan|rincian] APBDes {desa} [tahun ini|tahun lalu] itu "
        "bisa [diminta|dilihat] di mana? [Hak warga kan|Kami berhak tahu].",
        "[Kades|Kepala desa] {desa} [beli|pakai] [mobil|motor] [pribadi|baru] [katanya|diduga] pakai dana desa, "
        "[warga curiga|kok bisa] pak.",
        "[Insentif|Honor] [kader posyandu|RT RW|guru ngaji] dari dana desa [belum dibayar|nggak cair] {n} bulan "
        "di {desa}.",
        "Proyek [sumur bor|embung|irigasi desa] [dana desa|dari desa] di {desa} [nggak berfungsi|kering], "
        "[baru selesai|dibangun] {lama} [udah rusak|nggak keluar air].",
        "<a> [Usul|Aspirasi] warga {desa}, dana desa [tahun depan|ke depan] [diutamakan|diprioritaskan] buat "
        "[jalan usaha tani|air bersih|posyandu], bukan [gapura|pagar kantor desa].",
        "[Pengadaan|Pembelian] [bibit|ternak|kambing] [pakai|dari] dana desa [dibagi|cuma] ke [keluarga|"
        "kerabat] [kades|perangkat], warga [lain|biasa] nggak dapat.",
        "Perangkat desa {desa} [diangkat|direkrut] [tanpa tes|tanpa seleksi], [semua|kebanyakan] "
        "[saudara|keluarga] pak kades sendiri.",
        "<i> [Pak|Bu], [kalau|gimana] [mau|cara] [melaporkan|ngelaporin] dugaan penyelewengan dana desa "
        "[itu|sebaiknya] ke [inspektorat|mana], [aman nggak|identitas dirahasiakan nggak]?",
        "[Tanah kas desa|Bengkok] {desa} [disewakan|dijual] [kades|oknum perangkat], [uangnya|hasilnya] "
        "[nggak masuk|nggak tercatat di] [kas desa|APBDes].",
        "[SILPA|Sisa anggaran] dana desa {desa} [katanya|tiap tahun] {rp}, [tapi|kok] [nggak jelas|"
        "hilang ke mana] [pak|bu].",
    ],
    "perizinan": [
        "Saya ngurus [IMB|PBG|izin bangunan] di [DPMPTSP|dinas perizinan] {kabs} udah {lama} belum [jadi|"
        "keluar], [tiap datang|tiap ditanya] [disuruh nunggu|alasannya macam-macam].",
        "Ngurus NIB di OSS [gagal terus|error], [petugas|loket] di [mal pelayanan publik|MPP] {kabs} "
        "[nggak bisa bantu|nyuruh coba sendiri].",
        "<i> [Mau tanya|Tanya] [pak|bu], [izin usaha|izin] [warung|toko kelontong|bengkel] kecil itu perlu "
        "[ngurus|bikin] apa aja, [bayar nggak|gratis nggak]?",
        "Ada [pabrik|gudang|tower] [baru|dibangun] di {desa} [kayaknya|diduga] [nggak ada izinnya|belum "
        "berizin], warga [nggak pernah|belum] [dimintai persetujuan|sosialisasi].",
        "[Izin|Sertifikat] [halal|PIRT] [produk|usaha] saya [diajukan|masuk] {lama} [belum|nggak] ada "
        "[kabar|kejelasan], [padahal|mau] [jualan online|masuk toko].",
        "<a> [Harapan|Saran] kami, [perizinan|urus izin] UMKM [dipermudah|disederhanakan], jangan "
        "[bolak-balik|ke banyak kantor] [kayak sekarang|gitu].",
        "Izin [keramaian|acara] [hajatan|pentas] saya [dipersulit|dilempar-lempar] [antara|dari] "
        "[polsek|kecamatan] ke [polres|kabupaten], [acaranya|hajatannya] [tinggal {n} hari|minggu depan].",
        "<+lingkungan> [Tambang|Galian C] pasir di {desa} [izinnya|katanya izin] [udah habis|nggak ada] tapi "
        "[masih|tetap] beroperasi, [sungai|jalan] [rusak|keruh].",
        "[Perpanjangan|Pengurusan] izin [trayek|reklame|SIUP] saya [ditolak|dikembalikan] [tanpa alasan jelas|"
        "berkali-kali], [cuma|karena] kurang [satu|fotokopi] dokumen.",
        "<i> [Pak|Bu], [SLF|sertifikat laik fungsi] itu [wajib|harus] nggak buat [rumah|ruko] [biasa|kecil]? "
        "[Ngurusnya|Daftarnya] [lewat|di] mana?",
        "[Menara|Tower] [BTS|seluler] di {rt} {desa} [dibangun|berdiri] [dekat|mepet] rumah warga, "
        "[izin tetangga|persetujuan warga] [dipalsukan|nggak pernah ada].",
        "[Sistem|Aplikasi] [SIMBG|perizinan online] [nggak bisa diakses|down terus] [seminggu|{lama}], "
        "[berkas|dokumen] saya [nyangkut|nggak bisa diupload].",
        "Izin [usaha|tempat usaha] [kafe|karaoke] [dekat|samping] [masjid|sekolah] di {kec} kok [bisa keluar|"
        "dikasih], [padahal|katanya] [dilarang|nggak boleh].",
        "<a> [Mohon|Tolong] [ada|dibuka] [layanan|gerai] perizinan [keliling|di kecamatan] [pak|bu], [dari|"
        "warga] {kec} ke [kota|kabupaten] [jauh|{n} jam perjalanan].",
        "[Petugas|Orang] [DPMPTSP|perizinan] [bilang|nyuruh] [pakai|lewat] [biro jasa|kenalan dia] [biar cepat|"
        "supaya cepat keluar], [katanya|kalau sendiri] [bisa berbulan-bulan|lama].",
    ],
    "kepegawaian": [
        "Pegawai di kantor [kecamatan|kelurahan] {kec} [jam|pukul] {jam} [pagi|siang] [belum datang|udah "
        "pulang], [loket|pelayanan] [kosong|tutup].",
        "[Petugas|Pegawai] [dukcapil|di loket] [main HP|ngobrol|merokok] terus, [warga|kami] "
        "[dicuekin|dibiarkan antre] [lama|berjam-jam].",
        "[Oknum|Seorang] ASN di [dinas|kantor] {kabs} [ikut kampanye|pasang baliho caleg|pakai atribut partai], "
        "[itu kan|bukannya] [melanggar|dilarang] pak?",
        "<i> [Mau tanya|Tanya] [pak|bu], [kalau|gimana cara] [lapor|melaporkan] [pegawai|PNS] yang [nggak "
        "masuk|bolos] [berbulan-bulan|terus] itu [ke mana|ke BKD ya]?",
        "[Lurah|Camat|Sekdes] {desa} [kasar|marah-marah|membentak] waktu [saya|warga] [tanya|minta] "
        "[surat|tanda tangan], [nggak pantas|nggak etis] [pejabat|pelayan publik] gitu.",
        "[Guru|Pegawai] PNS [di|dari] {kec} [kerja sampingan|buka usaha] [pas|di] jam [kerja|dinas], "
        "[kantornya|kelasnya] [ditinggal|kosong].",
        "<a> [Usul|Saran] pak, [absen|presensi] [pegawai|ASN] [kecamatan|kelurahan] [pakai|pake] [sidik jari|"
        "face recognition] [biar|supaya] [nggak titip absen|disiplin].",
        "Pegawai [honorer|PPPK] [kayak saya|di {kabs}] [gaji|SK] [belum|nggak] [keluar|turun] {n} bulan, "
        "[nggak ada|tanpa] [kejelasan|penjelasan] dari BKPSDM.",
        "[Seleksi|Tes] [PPPK|CPNS|perangkat] [di|tahun ini di] {kabs} [diduga|katanya] [ada titipan|nggak fair], "
        "[nilai|yang lulus] [orang dalam|keluarga pejabat].",
        "[Petugas|Pegawai] [kelurahan|kantor desa] {desa} [minta|nyuruh] [saya|warga] [datang lagi|balik besok] "
        "[terus|berkali-kali] [cuma|padahal] [buat|untuk] [tanda tangan|cap] [doang|saja].",
        "[Mobil dinas|Kendaraan dinas] [plat merah|pemda] [dipakai|dipake] [mudik|liburan|antar anak sekolah] "
        "[pejabat|oknum pegawai] {kabs}, [saya lihat|saya foto] [sendiri|{tgl}].",
        "<i> [Pak|Bu], jam [pelayanan|buka] kantor [camat|kecamatan] {kec} itu [sebenarnya|resminya] "
        "[jam berapa|dari jam berapa sampai jam berapa]? [Tiap|Setiap] datang [tutup|udah sepi].",
        "[Kepala dinas|Pejabat] [di|dari] {kabs} [sering|katanya] [nggak ngantor|nggak pernah di tempat], "
        "[warga|kami] [mau ketemu|mau audiensi] [susah banget|nggak pernah bisa].",
        "[Pegawai|Staf] [puskesmas|kelurahan] [ngomong|bicara] [kasar|nggak sopan] [ke|sama] [ibu-ibu|"
        "lansia] [yang|waktu] [tanya|ngurus], [tolong ditegur|mohon dibina] [pak|bu].",
        "<a> [Kami|Warga] [minta|berharap] [pejabat|pegawai] [kecamatan|dinas] [lebih|jadi] [ramah|"
        "responsif], [jangan|nggak usah] [lempar-lemparan|saling lempar] [tanggung jawab|urusan].",
    ],
    "korupsi_pungli": [
        "<+adminduk> [Bikin|Ngurus] [KTP|KK|akta] di {desa} [dimintai|disuruh bayar] {rp} [sama|oleh] [oknum|petugas], "
        "[katanya|alasannya] [biar cepat|uang lelah].",
        "<+transportasi> [Ada|Di jalan] [pungli|pungutan liar] [di|pas] [jembatan timbang|pos|razia] {kec}, [sopir truk|"
        "kami] [dipalak|dimintai] {rp} [sekali lewat|tiap lewat].",
        "[Oknum|Anggota] [polisi|polantas] [minta|nerima] [uang damai|duit] {rp} [waktu|pas] [tilang|razia] "
        "[di|dekat] {kec}, [nggak dikasih|tanpa] surat tilang.",
        "[Sertifikat|PTSL] [tanah|prona] [di|warga] {desa} [ditarik|dipungut] {rp} per [bidang|sertifikat], "
        "[padahal|katanya] [program gratis|gratis dari pemerintah].",
        "<i> [Pak|Bu], [biaya|ongkos] [resmi|sebenarnya] [bikin|ngurus] [surat pindah|akta kelahiran] itu "
        "[berapa|gratis nggak]? [Saya ditarik|Kemarin diminta] {rp}.",
        "[Proyek|Tender] [jalan|gedung] [di|dinas] {kabs} [diduga|katanya] [diatur|dikondisikan], "
        "[pemenangnya|kontraktornya] [itu-itu aja|keluarga pejabat].",
        "[Petugas|Oknum] [lapas|rutan] [minta|narik] [uang|bayaran] {rp} [buat|kalau mau] [jenguk|besuk|"
        "kirim makanan] [keluarga|suami] saya.",
        "<+kepegawaian> [Masuk|Daftar] [kerja|jadi] [honorer|satpam] [di|ke] [dinas|RSUD] {kabs} [harus|disuruh] [setor|bayar] "
        "{rp} [ke|lewat] [orang dalam|calo].",
        "<a> [Kami|Warga] [berharap|minta] [pemerintah|aparat] [berani|tegas] [berantas|bongkar] [pungli|calo] "
        "[di|pada] [layanan|kantor] [samsat|dukcapil] {kabs}, [udah|sudah] [jadi rahasia umum|lumrah].",
        "[Oknum|Pegawai] [kantor pajak|samsat|BPN] [nawarin|minta] [jalur cepat|jalan belakang] [bayar|tambah] "
        "{rp}, [kalau nggak|kalau lewat biasa] [berbulan-bulan|dipersulit].",
        "[Bantuan|Alsintan|Pupuk] [dari pemerintah|hibah] [ke|buat] [kelompok|warga] {desa} [dipotong|diminta "
        "komisi] [sama|oleh] [oknum dinas|petugas] [sepuluh persen|{nn} persen].",
        "<i> [Mau tanya|Tanya] [pak|bu], kalau [mau|saya mau] [lapor|ngelaporin] [oknum|pejabat] yang [minta|"
        "terima] suap, [identitas|nama] saya [dirahasiakan|aman] nggak?",
        "[Polisi|Oknum anggota] [polsek|polres] {kec} [minta|nyuruh bayar] {rp} [buat|supaya] [laporan|kasus] "
        "saya [diproses|ditindaklanjuti], [kalau nggak|tanpa itu] [didiamkan|nggak jalan].",
        "[Kepala|Oknum pegawai] [UPT|dinas] [potong|pangkas] [gaji|honor] [tenaga|petugas] [kebersihan|"
        "harian] {rp} [tiap bulan|per orang] [tanpa alasan|katanya setoran].",
        "[Parkir|Retribusi] [pasar|di] {kec} [ditarik|dipungut] [dua kali|tanpa karcis], [uangnya|duitnya] "
        "[ke mana|nggak masuk kas daerah] [itu|pak].",
    ],
    "kelautan_perikanan": [
        "[Izin|Pas kecil|Surat] kapal [nelayan|saya] [di bawah|ukuran] {n} GT [lama banget|dipersulit] "
        "[keluarnya|diurus] di [dinas perikanan|syahbandar], [udah|sudah] {lama}.",
        "[Kapal|Perahu] [trawl|pukat harimau|cantrang] dari [luar|daerah lain] [masuk|nangkap] [di|ke] perairan "
        "{kabs}, [jaring|rumpon] nelayan kecil [rusak|kena sobek].",
        "Solar [subsidi|nelayan] di [SPBN|SPDN] {kec} [sering kosong|habis terus], nelayan [nggak bisa "
        "melaut|beli eceran mahal].",
        "<i> [Pak|Bu], [kartu|KUSUKA] [nelayan|pelaku usaha perikanan] itu [ngurusnya|daftarnya] di mana, "
        "[syaratnya|perlu] apa aja?",
        "[Bantuan|Hibah] [kapal|mesin tempel|alat tangkap] [dari KKP buat|dari dinas untuk|dari pemerintah buat] kelompok nelayan {desa} "
        "[nggak sampai, malah dijual|dijual|dikuasai] [ketua kelompok|oknum].",
        "<+lingkungan> [Pengeboman|Bom] ikan [masih|marak] [terjadi|ada] di [perairan|pulau] [dekat|sekitar] {desa}, "
        "[terumbu karang|karang] [hancur|rusak], [tolong|mohon] [patroli|ditindak].",
        "<a> [Harapan|Aspirasi] nelayan {desa}, [dibangun|ada] [TPI|tempat pelelangan ikan] [sendiri|yang "
        "layak], [selama ini|sekarang] [jual|harus jual] ke [tengkulak|pengepul] [murah|harga rendah].",
        "<+lingkungan> Tambak [udang|bandeng] [warga|kami] di {desa} [kena|terkena] [limbah|air kotor] [dari|pabrik] "
        "[sebelah|dekat situ], [udang|bibit] [mati semua|mati {nn} persen].",
        "<u> [Kapal|Perahu] nelayan [dari|asal] {desa} [hilang|belum pulang] [sejak|dari] [kemarin|{n} hari], "
        "[ada|isinya] {n} orang, [tolong|mohon] [dicari|SAR dikerahkan].",
        "[Asuransi|Klaim asuransi] nelayan [saya|BPAN] [nggak cair|ditolak] [padahal|setelah] [kapal|perahu] "
        "[tenggelam|rusak] [kena badai|dihantam ombak].",
        "[Pelabuhan|Dermaga] [perikanan|pendaratan ikan] di {kec} [dangkal|penuh sedimen], [kapal|perahu] "
        "[nggak bisa sandar|kandas] [kalau surut|waktu air surut].",
        "<i> [Pak|Bu], [aturan|peraturan] [soal|tentang] [penangkapan|ekspor] [benih lobster|benur] "
        "[sekarang|yang terbaru] [gimana|seperti apa], [boleh|dilarang] [nggak|atau nggak]?",
        "[Pembudidaya|Petani] [rumput laut|kerapu] di {desa} [belum dapat|nggak pernah dapat] [bantuan|bibit] "
        "[dari|dinas] [kelautan|perikanan], [yang dapat|padahal] [kelompok lain|tiap tahun ada].",
        "<a> [Kami|Nelayan kecil] [mohon|minta] [pendampingan|pelatihan] [pengolahan ikan|cold storage], "
        "[ikan|hasil tangkapan] [sering busuk|terbuang] [karena|soalnya] [nggak ada es|listrik mati].",
        "[Kapal asing|Kapal] [berbendera|dari] [asing|Vietnam] [masih|sering] [kelihatan|nangkap] [di|dekat] "
        "perairan {kabs}, [nelayan|kami] [takut|nggak berani] [melaut jauh|dekat-dekat].",
    ],
    "lingkungan": [
        "[Sampah|Tumpukan sampah] di [TPS|pinggir jalan] {desa} [nggak diangkut|menumpuk] [udah|sudah] "
        "{lama}, [baunya|bau] [minta ampun|sampai ke rumah], [lalat|tikus] di mana-mana.",
        "[Pabrik|Perusahaan] [tahu|tekstil|sawit] di {kec} [buang|membuang] limbah [ke sungai|ke kali], "
        "[airnya|sungai] [hitam|berbusa|bau], ikan pada mati.",
        "<u,+infrastruktur> [Banjir|Air] [setinggi|sampai] [lutut|pinggang|dada] [masuk|merendam] [rumah|"
        "kampung] [warga|kami] di {desa} [sejak|dari] [semalam|subuh tadi], [tolong|mohon] [dievakuasi|bantu].",
        "[Asap|Bau asap] [dari|pembakaran] [lahan|sampah|pabrik] [di|dekat] {desa} [bikin|membuat] [sesak "
        "napas|batuk-batuk] [warga|anak-anak], [setiap|tiap] [malam|sore].",
        "[Pohon|Hutan] [di|lereng] [gunung|bukit] [dekat|atas] {desa} [ditebangi|dibabat] [liar|terus], "
        "[kami takut|khawatir] [longsor|banjir bandang].",
        "<u> [Kebakaran|Api] [hutan|lahan gambut] di [dekat|sekitar] {desa} [belum padam|makin besar], "
        "[asapnya|apinya] [sudah|udah] [dekat|mendekat] ke [rumah|permukiman] [warga|kami].",
        "<a> [Kami|Warga] [usul|berharap] [ada|dibuat] [bank sampah|TPS3R] di {desa}, [biar|supaya] "
        "[sampah|warga] [nggak dibuang|nggak buang] ke [sungai|kali] [lagi|terus].",
        "[Tambang|Galian] [pasir|batu] di [sungai|pinggir kali] {desa} [bikin|membuat] [tebing|tanah] "
        "[longsor|ambles], [sawah|kebun] warga [ikut|hampir] [hilang|kebawa].",
        "<i> [Mau tanya|Tanya] [pak|bu], [kalau|mau] [melaporkan|ngelaporin] [pencemaran|limbah] "
        "[pabrik|perusahaan] itu ke [DLH|dinas lingkungan hidup] [caranya|prosedurnya] gimana?",
        "[Peternakan|Kandang] [ayam|babi] [dekat|di tengah] [permukiman|kampung] {desa} [baunya|lalatnya] "
        "[nggak ketulungan|parah banget], [warga|kami] [nggak tahan|sering sakit].",
        "<u> [Ada|Terjadi] [longsor|tanah longsor] di {desa} [tadi|semalam], {n} rumah [tertimbun|kena], "
        "[ada warga|orangnya] [belum ketemu|masih dicari], [tolong|mohon] [segera|cepat] [dibantu|kirim tim].",
        "[Pantai|Pesisir] {desa} [penuh|dipenuhi] [sampah plastik|sampah kiriman], [abrasi|ombak] [juga|makin] "
        "[parah|menggerus] [rumah|daratan] [warga|kami].",
        "<a,+infrastruktur> [Mohon|Harapannya] [sungai|kali] [di|yang lewat] {desa} [dinormalisasi|dikeruk], [udah|sudah] "
        "[dangkal|penuh sedimen] [banget|sekali], [tiap|kalau] hujan [pasti|langsung] meluap.",
        "[Kebisingan|Suara bising] [mesin|pabrik|stone crusher] [di|dekat] {desa} [dari|sampai] [malam|jam "
        "{jam}] [bikin|membuat] warga [nggak bisa tidur|terganggu].",
        "[Air sumur|Sumur] [warga|kami] di {rt} [jadi|berubah] [bau|keruh|berminyak] [sejak|setelah] "
        "[ada|dibangun] [SPBU|pabrik|TPA] [di dekat situ|sebelah].",
    ],
    "ketertiban_keamanan": [
        "[Balap liar|Trek-trekan] [tiap|setiap] [malam minggu|malam] di [jalan|depan] {desa}, [knalpot "
        "brong|suaranya] [bikin|membuat] warga [nggak bisa tidur|resah].",
        "<u> [Ada|Lagi ada] [tawuran|perkelahian] [antar|pemuda] [kampung|pelajar] di {desa} [sekarang|"
        "barusan], [bawa|pakai] [celurit|senjata tajam|batu], [tolong|cepat] [polisi datang|dikirim aparat].",
        "[Maling|Pencurian] [motor|ternak|sapi] [marak|sering] di {desa} [belakangan ini|{lama} ini], "
        "[udah|sudah] {n} [kejadian|kali], [ronda|patroli] [nggak ada|nggak jalan].",
        "[Warung|Tempat] [remang-remang|karaoke] di [pinggir|dekat] {desa} [jual|buka] [miras|minuman keras] "
        "[sampai|ampe] [pagi|subuh], [sering|kerap] [ribut|mabuk-mabukan].",
        "<u,+ketenagakerjaan> [Tetangga|Saudara] saya [dipukuli|dianiaya] [suaminya|majikannya] [semalam|tadi], "
        "[babak belur|luka-luka], [dia takut|tolong] [lapor|dibantu], [ini|kami] [di|dari] {desa}.",
        "[Pengamen|Preman|Pak ogah] [di|dekat] [lampu merah|perempatan|terminal] {kec} [maksa|memaksa] "
        "[minta uang|minta duit], [kalau|klo] nggak dikasih [ngancam|marah].",
        "<i> [Pak|Bu], [kalau|gimana] [mau|cara] [lapor|bikin laporan] [kehilangan|kecurian] [ke polisi|di "
        "polsek] [itu|tuh] [bisa online|harus datang langsung] nggak?",
        "[Peredaran|Jual beli] [narkoba|sabu|obat keras] [di|sekitar] [kampung|{rt}] {desa} [makin|udah] "
        "[terang-terangan|marak], [anak muda|remaja] [banyak|pada] [kena|terjerumus].",
        "<a> [Kami|Warga] [minta|berharap] [pos ronda|pos kamling] di {desa} [dihidupkan lagi|diaktifkan], "
        "[dan|juga] [polisi|babinkamtibmas] [lebih sering|rutin] [patroli|keliling].",
        "[Anjing liar|Orang gila|ODGJ] [berkeliaran|ngamuk] di [sekitar|jalan] {desa}, [udah|sudah] [gigit|"
        "nyerang] {n} [orang|anak], [warga|kami] [takut|resah].",
        "[PKL|Pedagang kaki lima] [di|sepanjang] [trotoar|jalan] {kec} [makan|pakai] [jalan|badan jalan], "
        "[macet|semrawut] [tiap|setiap] [sore|hari], [satpol PP|petugas] [diam aja|nggak negur].",
        "<u,dev> [Ada|Barusan ada] [begal|perampokan] di [jalan|jalur] [sepi|gelap] [antara|dari] {desa} [ke|"
        "sampai] {kec}, [korbannya|motornya] [dibacok|dirampas], [tolong|mohon] [cepat|segera] [ditangani|"
        "dikejar].",
        "[Judi|Sabung ayam|Judi online] [di|dekat] {desa} [buka|jalan] [terang-terangan|tiap malam], "
        "[aparat|polisi] [kayaknya|katanya] [tahu|dibiarkan] [tapi|kok] [diam|nggak ditindak].",
        "<i> [Pak|Bu], [laporan|aduan] [polisi|saya] [soal|tentang] [penipuan|kehilangan] [bulan lalu|{tgl}] "
        "[perkembangannya|prosesnya] [sampai mana|gimana], [bisa dicek|cara ceknya] di mana?",
        "[Penipuan|Penipu] [lewat|via] [telepon|WA|SMS] [ngaku|mengaku] [petugas|dari] [bank|bansos|polisi], "
        "[ibu saya|tetangga] [kena|tertipu] {rp}, [nomornya|nomor pelaku] {hp}.",
    ],
    "adminduk": [
        "[Bikin|Ngurus] [e-KTP|KTP elektronik] di dukcapil {kabs} [udah|sudah] {lama} [belum jadi|nggak "
        "jadi-jadi], [alasannya|katanya] [blangko habis|blangko kosong].",
        "[Akta kelahiran|Akte lahir] anak saya [namanya salah|salah tulis], [mau|minta] [dibetulkan|diperbaiki] "
        "[disuruh|harus] [bolak-balik|ke pengadilan], [ribet|susah] banget.",
        "<i> [Mau tanya|Tanya] [pak|bu], [syarat|persyaratan] [bikin|ngurus] [Kartu Keluarga|KK] [baru|pisah] "
        "[setelah menikah|habis nikah] itu apa aja?",
        "[NIK|Data] saya [nggak terdaftar|nggak ditemukan|ganda] [pas|waktu] [daftar|ngurus] [BPJS|sekolah|"
        "bansos], [katanya|disuruh] [cek|urus] ke dukcapil.",
        "[Surat pindah|Pindah domisili] [dari|ke] {kabs} [udah|sudah] [diajukan|masuk] {lama} [belum keluar|"
        "belum ada kabar], [anak|saya] [nggak bisa daftar sekolah|mau kerja].",
        "<a> [Mohon|Kami berharap] [ada|diadakan] [jemput bola|pelayanan keliling] [perekaman|rekam] e-KTP "
        "di {desa}, [banyak|lansia] [nggak bisa|susah] [ke|datang ke] [kabupaten|kota].",
        "[Akta kematian|Surat kematian] [bapak|suami] saya [belum|nggak] [keluar|jadi] {lama}, [padahal|"
        "buat] [urus|ngurus] [warisan|pensiun janda].",
        "[Aplikasi|Sistem] [dukcapil online|Identitas Kependudukan Digital] [error|nggak bisa login] "
        "terus, [aktivasi|QR] [IKD|KTP digital] [gagal|nggak bisa].",
        "[Petugas|Operator] [kecamatan|desa] [bilang|nyuruh] [KK|KTP] saya [harus|mesti] [diurus|dicetak] "
        "[ulang|baru] [karena|soalnya] [datanya|NIK] [beda|nggak sinkron] [sama|dengan] [pusat|dukcapil].",
        "<i> [Pak|Bu], [kalau|untuk] [e-KTP|KTP] [hilang|rusak] [ngurusnya|cetak ulangnya] [gimana|di mana], "
        "[perlu|harus] [surat kehilangan|surat polisi] nggak?",
        "[Anak saya|Kami] [udah|sudah] [umur|usia] [tujuh belas|delapan belas|sembilan belas] tahun [belum|tapi belum] [bisa|"
        "dapat] [rekam|perekaman] KTP [karena|soalnya] [alat|mesin] di kecamatan {kec} [rusak|error].",
        "[Status|Kolom] [perkawinan|pekerjaan|agama] di KTP saya [salah|belum diubah], [ngajuin|minta] "
        "[perubahan|ganti] [udah|sudah] {n} kali [nggak|belum] [diproses|diubah].",
        "<a> [Harapan|Usul] saya [layanan|pengurusan] [adminduk|KTP KK akta] [bisa|dibuka] di [kantor desa|"
        "kelurahan] [aja|saja], [jangan|nggak usah] [harus|mesti] ke [dukcapil|kabupaten].",
        "[Antrean|Antrian] di [dukcapil|kantor catatan sipil] {kabs} [dibatasi|cuma] {nn} [orang|nomor] "
        "[sehari|per hari], [saya|kami] [datang|antri] [subuh|jam {jam}] [tetap|masih] [nggak kebagian|"
        "kehabisan].",
    ],
    "listrik_air": [
        "Listrik di {desa} [sering|tiap hari] [padam|mati] [tanpa pemberitahuan|mendadak], [barang elektronik|"
        "kulkas] [warga|kami] [rusak|jebol] [pak|bu].",
        "[Air PDAM|Air ledeng|PDAM] di {rt} [nggak ngalir|mati] [udah|sudah] {lama}, [tapi|kok] [tagihan|"
        "rekening] [tetap|masih] [datang|jalan] [normal|{rp}].",
        "[Tagihan|Rekening] listrik [bulan ini|saya] [naik|melonjak] [drastis|jadi] {rp}, [padahal|pemakaian] "
        "[biasa aja|nggak nambah], [meteran|kWh] [kayaknya|mungkin] [rusak|salah catat].",
        "<u> [Kabel|Tiang] listrik [PLN|tegangan tinggi] [putus|roboh] [di|ke] [jalan|depan rumah] {desa} "
        "[habis|kena] [angin kencang|pohon tumbang], [masih|kabelnya] [nyala|ada arus], bahaya.",
        "<i> [Pak|Bu], [pasang|sambung] [listrik|meteran] [baru|PLN baru] [buat|di] rumah [biayanya|"
        "ongkosnya] berapa, [daftarnya|ngajuin] [lewat|di] mana?",
        "[Air|Air PDAM] [yang keluar|di rumah] [keruh|kuning|bau kaporit|berlumpur], [nggak bisa|nggak layak] "
        "[dipakai|buat] [masak|mandi] [pak|bu].",
        "<a> [Kami warga|Warga] {desa} [berharap|mohon] [listrik|jaringan PLN] [masuk|sampai] [ke|di] [dusun|"
        "kampung] kami, [udah merdeka|sudah] [puluhan tahun|lama] [masih|tapi] [pakai|pake] [genset|pelita].",
        "[Token|Pulsa] listrik [udah|sudah] [dibeli|diisi] [tapi|kok] [nggak masuk|gagal], [angkanya|kode] "
        "[ditolak|error], [duit|uang] {rp} [hilang|nggak jelas].",
        "[Petugas|Orang ngaku] PLN [datang|periksa] [meteran|kWh] [terus|lalu] [denda|minta bayar] {rp}, "
        "[katanya|dituduh] [nyolong listrik|segel rusak], [tanpa|nggak ada] [berita acara|surat].",
        "[Pipa|Pipa PDAM] [bocor|pecah] di [jalan|depan] {desa} [udah|sudah] {lama}, air [terbuang|muncrat] "
        "[percuma|terus], [rumah|warga] [ujung|atas] [malah|jadi] [kering|nggak kebagian].",
        "<i> [Mau tanya|Tanya] [pak|bu], [jadwal|jadwal pemadaman] [listrik|bergilir] di {kec} [minggu ini|"
        "besok] [itu|kapan], [biar|supaya] [bisa|kami] [siap-siap|antisipasi]?",
        "[Sambungan|Pasang baru] [PDAM|air] [saya|kami] [udah|sudah] [bayar|lunas] {rp} [dari|sejak] {lama} "
        "[tapi|kok] [belum|nggak] [dipasang|disambung] [juga|sampai sekarang].",
        "<a> [Usul|Saran] [pak|bu], [PAMSIMAS|sarana air bersih] di {desa} [diperbaiki|dihidupkan lagi], "
        "[musim kemarau|kalau kemarau] [warga|kami] [jalan|ambil air] {n} kilo [ke|dari] [mata air|sungai].",
        "[Lampu|Listrik] [sering|tiap malam] [byar pet|naik turun|redup], [tegangan|voltase] [drop|nggak "
        "stabil], [pompa air|TV] [warga|saya] [rusak|terbakar].",
    ],
    "transportasi": [
        "[Angkot|Angkutan umum|Bus] [jurusan|trayek] {kec} [ke|sampai] [kota|terminal] [sering|suka] [ngetem|"
        "berhenti] [lama|sembarangan] [dan|terus] [sopirnya|tarifnya] [ugal-ugalan|nggak sesuai].",
        "<u> [Barusan|Tadi] [ada|terjadi] [kecelakaan|tabrakan] [motor|truk|bus] di [tikungan|jalan] [dekat|"
        "masuk] {desa}, [korbannya|ada yang] [luka parah|nggak sadar], [tolong|cepat] [kirim|datangkan] "
        "ambulans.",
        "[Lampu lalu lintas|Traffic light|Lampu merah] di [perempatan|simpang] {kec} [mati|rusak] [udah|sudah] "
        "{lama}, [sering|hampir tiap hari] [hampir tabrakan|macet parah].",
        "<i> [Pak|Bu], [perpanjang|bikin] SIM [sekarang|itu] [syaratnya|biayanya] [apa aja|berapa], [harus|"
        "wajib] [tes psikologi|ikut tes lagi] nggak?",
        "[Kapal|Feri|Kapal penyeberangan] [dari|ke] [pelabuhan|dermaga] {kabs} [sering|suka] [telat|batal] "
        "[berangkat|jalan] [tanpa|nggak ada] [pemberitahuan|informasi], [penumpang|kami] [telantar|nunggu] "
        "[berjam-jam|semalaman].",
        "[Truk|Truk ODOL|Truk tambang] [bermuatan|kelebihan] [berat|muatan] [lewat|masuk] [jalan|kampung] "
        "{desa}, [jalan|jembatan] [jadi|cepat] rusak [dan|juga] [debu|bahaya] [buat|untuk] anak-anak.",
        "<a> [Kami warga|Warga] {desa} [berharap|mohon] [ada|dibuka] [trayek|angkutan] [umum|desa] [ke|sampai] "
        "[pasar|kota] {kabs}, [selama ini|sekarang] [cuma|hanya] [ojek|naik ojek] [mahal|{rp} sekali jalan].",
        "[Parkir liar|Juru parkir liar] [di|depan] [minimarket|pasar|rumah sakit] {kec} [tarif|minta] {rp}, "
        "[padahal|katanya] [gratis|di sana tulisan parkir gratis].",
        "[Rambu|Marka] [jalan|lalu lintas] [di|sepanjang] [jalur|jalan] {kec} [hilang|pudar|ketutup pohon], "
        "[pengendara|orang luar] [sering|banyak] [salah jalan|masuk jalur berlawanan].",
        "<u,dev> [Bus|Travel] [yang|jurusan] [saya|kami] [tumpangi|naiki] [mogok|rem blong] [di|tengah] [tanjakan|"
        "jalan] [dekat|arah] {kec}, [penumpang|kami] [panik|turun di jalan], [tolong|mohon bantuan].",
        "[Ojek online|Ojol|Taksi online] [dilarang|diusir] [masuk|ambil penumpang] [di|ke] [terminal|stasiun|"
        "bandara] {kabs} [sama|oleh] [ojek pangkalan|oknum], [kami|penumpang] [dipaksa|harus] [naik|bayar] "
        "[mahal|{rp}].",
        "<i> [Mau tanya|Tanya] [pak|bu], [jadwal|jam] [kapal|kapal perintis|bus DAMRI] [dari|ke] {kabs} "
        "[minggu ini|bulan ini] [ada|jalan] [hari apa|jam berapa] [aja|ya]?",
        "[Halte|Terminal] [bus|angkutan] di {kec} [rusak|kotor|gelap] [nggak terurus|nggak dirawat], "
        "[penumpang|orang] [nunggu|menunggu] [kehujanan|di pinggir jalan].",
        "<a> [Usul|Saran] [pak|bu], [pasang|dibuat] [zebra cross|pelikan|jembatan penyeberangan] di [depan|"
        "dekat] [sekolah|pasar] {kec}, [anak-anak|orang] [nyeberang|menyeberang] [bahaya|susah] [banget|sekali].",
    ],
    "keuangan_negara": [
        "[Gaji|Tunjangan] [pensiun|pensiunan] [bapak|ibu|saya] [dari|di] [Taspen|KPPN] [telat|belum masuk] "
        "{n} bulan, [katanya|alasannya] [masalah|ada kendala] [data|SP2D].",
        "[Pencairan|SP2D] [dana|termin] [proyek|kontrak] [kami|saya] di KPPN {kabs} [tertahan|belum cair] "
        "{lama}, [padahal|semua] [dokumen|berkas] [lengkap|sudah diserahkan].",
        "<i> [Pak|Bu], [tunjangan profesi|TPG|sertifikasi] guru [triwulan|tahap] [ini|sekarang] [kapan|"
        "jadwalnya] [cair|ditransfer]? [Di|Dari] [Kemenkeu|dinas] [belum|nggak] [ada|keluar] [info|kabar].",
        "[Uang|Dana] [ganti rugi|pembebasan lahan] [jalan tol|proyek nasional] [tanah|lahan] [saya|kami] di "
        "{desa} [belum|nggak] [dibayar|dicairkan] {lama}, [katanya|bilangnya] [nunggu|tunggu] [anggaran|"
        "LMAN].",
        "[Transfer|Dana transfer] [ke daerah|TKD] [DAK|dana alokasi] [fisik|sekolah] [kami|untuk {kabs}] "
        "[belum|telat] [cair|disalurkan], [proyek|pekerjaan] [terhenti|nggak bisa dibayar].",
        "<a> [Kami|Para pensiunan] [berharap|mohon] [Kemenkeu|pemerintah] [permudah|sederhanakan] [proses|"
        "urusan] [pencairan|klaim] [tunjangan|pensiun], [jangan|nggak usah] [harus|mesti] [ke|datang ke] "
        "[kota|kantor pusat].",
        "[Rekening|Rekening satker] [kami|sekolah] [diblokir|dibekukan] [tiba-tiba|mendadak] [oleh|sama] "
        "[KPPN|perbendaharaan], [gaji|honor] [pegawai|guru] [nggak bisa|belum] [dibayar|cair].",
        "<i> [Mau tanya|Tanya] [pak|bu], [status|cek] [pencairan|SP2D] [dana|gaji] [satker|kantor] [bisa|"
        "gimana] [dilihat|ngeceknya] [online|sendiri] nggak, [di|lewat] [aplikasi|situs] [apa|mana]?",
        "[Pajak|PBB] [tanah|rumah] [saya|kami] [tiba-tiba|kok] [naik|melonjak] [berlipat|{n} kali lipat] "
        "[jadi|sampai] {rp}, [nggak ada|tanpa] [sosialisasi|pemberitahuan] [dari bapenda|dari kantor pajak|sama sekali].",
        "[Lelang|Barang lelang] [negara|KPKNL] [yang|saya] [menangkan|ikuti] [belum|nggak] [diserahkan|"
        "bisa diambil] {lama}, [uang|duit] [jaminan|lelang] {rp} [juga|masih] [belum|nggak] [kembali|"
        "dikembalikan].",
        "<+korupsi_pungli> [Dana hibah|Hibah] [daerah|APBD] [untuk|ke] [yayasan|rumah ibadah] [kami|di {desa}] [dipotong|"
        "disunat] [sama|oleh] [oknum|perantara], [terima|dapat] [cuma|hanya] [separuh|{rp}].",
        "<a> [Usul|Aspirasi] saya, [APBD|anggaran] {kabs} [dipublikasikan|dibuka] [lengkap|rinci] [ke|buat] "
        "[masyarakat|publik], [biar|supaya] [kami|warga] [bisa|ikut] [ngawasi|mengawasi].",
        "[Gaji ke-13|THR] [ASN|PNS|pensiunan] [di|untuk] {kabs} [belum|telat] [dibayar|cair] [padahal|"
        "sementara] [daerah lain|kabupaten sebelah] [udah|sudah] [semua|dari kemarin].",
        "[Bea cukai|Petugas bea cukai] [nahan|menahan] [paket|kiriman] [saya|keluarga] [dari luar negeri|"
        "TKI] [terus|lalu] [minta|kena] [bea masuk|pajak] {rp}, [mahal|nggak masuk akal] [pak|bu].",
    ],
    "pertanian": [
        "Pupuk subsidi [di|kios] {desa} [langka|kosong|nggak ada], [kalau ada|kalaupun ada] [harganya|dijual] "
        "[di atas HET|mahal] {rp} per [sak|karung].",
        "[Kartu Tani|Kartu tani] [saya|kami] [nggak bisa dipakai|ditolak] [di kios|waktu tebus pupuk], "
        "[kuota|alokasi] [pupuk|saya] [katanya|ternyata] [nol|habis].",
        "[Harga|Harga jual] [gabah|jagung|cabai|bawang] [anjlok|jatuh] [banget|parah] [pas|saat] [panen|musim "
        "panen], [cuma|hanya] {rp} [sekilo|per kilo], [petani|kami] [rugi|buntung].",
        "<i> [Pak|Bu], [asuransi|klaim asuransi] [usaha tani|AUTP] [padi|sawah] [yang|kalau] [puso|gagal "
        "panen] [cara klaimnya|ngurusnya] gimana, [ke|lewat] [PPL|siapa]?",
        "[Saluran|Irigasi] [tersier|ke sawah] di {desa} [kering|nggak ngalir] [karena|soalnya] [dibendung|"
        "diambil] [sama|oleh] [desa hulu|orang], [sawah|padi] [kami|warga] [kering|mati].",
        "[Hama|Serangan] [wereng|tikus|ulat grayak] [di|ngerusak] [sawah|tanaman] [petani|kami] {desa} "
        "[udah|sudah] {nn} hektare, [PPL|penyuluh] [nggak pernah|belum] [datang|turun].",
        "<a> [Kami kelompok tani|Kelompok tani] {desa} [mohon|berharap] [bantuan|dibantu] [traktor|pompa air|alsintan|"
        "handtraktor], [selama ini|sekarang] [sewa|nyewa] [mahal|{rp} per hari].",
        "[Ternak|Sapi|Kambing] [warga|saya] di {desa} [kena|terserang] [PMK|penyakit mulut kuku|LSD], "
        "[udah|sudah] {n} [ekor|ekor mati], [dokter hewan|petugas keswan] [belum|nggak] [datang|ada].",
        "[Bibit|Benih] [bantuan|dari dinas] [yang dibagikan|kemarin] [nggak tumbuh|busuk|palsu] [pak|bu], "
        "[petani|kami] [rugi|buang] [waktu|tenaga] [semusim|satu musim].",
        "<i> [Mau tanya|Tanya] [pak|bu], [syarat|cara] [daftar|masuk] [RDKK|kelompok tani] [biar|supaya] "
        "[dapat|bisa tebus] [pupuk subsidi|jatah pupuk] [itu|tuh] [gimana|apa aja]?",
        "[Bulog|Gudang Bulog] [nggak mau|menolak] [beli|serap] [gabah|beras] [petani|kami] [dengan|pakai] "
        "[alasan|dalih] [kadar air|kualitas], [tengkulak|kami terpaksa jual ke tengkulak] [murah|banget].",
        "<a> [Usul|Harapan] [kami|petani], [PPL|penyuluh pertanian] [lebih sering|rutin] [turun|datang] "
        "[ke|di] {desa}, [ngajarin|kasih pelatihan] [pupuk organik|cara tanam] [yang baru|modern].",
        "[Kebun|Lahan] [sawit|karet|kopi] [petani|kami] di {desa} [diklaim|diserobot] [perusahaan|PT], "
        "[katanya|mereka bilang] [masuk|termasuk] HGU, [padahal|sudah] [kami garap|turun-temurun].",
        "[Harga|Harga TBS] [sawit|getah karet] [di|dari] [pabrik|tengkulak] [dipotong|dimainkan] [sepihak|"
        "terus], [timbangan|sortasi] [dicurangi|nggak jujur] [pak|bu].",
    ],
    "ketenagakerjaan": [
        "[Gaji|Upah] saya [di|dari] [pabrik|perusahaan] [garmen|sawit|{kabs}] [di bawah|nggak sampai] UMK, "
        "[cuma|hanya] {rp} [sebulan|per bulan], [lembur|overtime] [nggak dibayar|nggak dihitung].",
        "[Saya|Suami saya] [di-PHK|dipecat] [sepihak|mendadak] [tanpa|nggak dikasih] [pesangon|uang pisah], "
        "[udah kerja|padahal kerja] [{n}|belasan|dua puluh] tahun [di sana|di perusahaan itu].",
        "[BPJS Ketenagakerjaan|Jamsostek] [saya|karyawan] [nggak didaftarkan|nggak dibayarkan] [perusahaan|"
        "bos], [padahal|tapi] [gaji|upah] [dipotong|dipotong tiap bulan] [buat iuran|{rp}].",
        "<i> [Pak|Bu], [cara|gimana] [klaim|cairin] [JHT|jaminan hari tua] [BPJS Ketenagakerjaan|BPJS TK] "
        "[setelah|kalau udah] [resign|berhenti kerja] [itu|tuh] [gimana|apa syaratnya]?",
        "<u> [Anak|Adik] saya [jadi|kerja jadi] [PMI|TKI] di [Malaysia|luar negeri] [disiksa|dianiaya] "
        "[majikan|bosnya], [paspor|HP]nya [ditahan|diambil], [tolong|mohon] [dipulangkan|dibantu].",
        "[Perusahaan|Pabrik] [di|dekat] {kec} [lebih banyak|cuma] [nerima|ambil] [pekerja|tenaga kerja] "
        "[dari luar|asing|TKA], [warga lokal|pemuda] {desa} [nggak|jarang] [diterima|dipakai].",
        "[THR|Tunjangan hari raya] [karyawan|kami] [belum|nggak] [dibayar|dikasih] [sampai|padahal] "
        "[lebaran|hari raya] [tinggal|udah] {n} hari, [bos|HRD] [bilang|alasan] [perusahaan rugi|nggak ada uang].",
        "<a> [Kami pemuda|Pemuda] {desa} [berharap|mohon] [ada|diadakan] [pelatihan kerja|BLK keliling|job fair] "
        "[di|ke] [kecamatan|{kec}], [banyak|pengangguran] [lulusan SMA|anak muda] [nganggur|belum kerja].",
        "[Agen|Sponsor|Calo] [penyalur|PMI|TKI] [udah|sudah] [ambil|nerima] [uang|duit] {rp} [dari|ke] "
        "[saya|keluarga], [janji|katanya] [berangkat|kerja] ke [luar negeri|Taiwan] [tapi|sampai sekarang] "
        "[nggak jadi|kabur].",
        "[Pekerja|Buruh] [di|bangunan] [proyek|pabrik] [nggak dikasih|tanpa] [helm|APD|alat keselamatan], "
        "[kemarin|udah] [ada|ada yang] [jatuh|kecelakaan kerja] [tapi|dan] [perusahaan|mandor] [lepas "
        "tangan|nggak tanggung jawab].",
        "<i> [Mau tanya|Tanya] [pak|bu], [kartu kuning|AK1] [buat|untuk] [melamar kerja|lamaran] [ngurusnya|"
        "bikinnya] [di|ke] [disnaker|mana], [bisa online|harus datang] nggak?",
        "[Kontrak|Status] [kerja|saya] [diperpanjang|kontrak] [terus|bertahun-tahun] [nggak|tanpa] [diangkat|"
        "jadi karyawan tetap], [cuti|hak cuti] [juga|pun] [nggak dikasih|dipotong gaji].",
        "<a> [Usul|Aspirasi] [buruh|pekerja] {kabs}, [pengawas|pengawasan] [ketenagakerjaan|disnaker] "
        "[lebih|harus] [tegas|aktif] [ke|terhadap] [perusahaan|pabrik] yang [bayar|gaji] [di bawah|nggak "
        "sesuai] UMK.",
    ],
    "lainnya": [
        "[Sertifikat|Batas] tanah [saya|warisan] [di|di Desa] {desa} [diserobot|dipakai] [tetangga|orang], "
        "[ukurnya|pengukuran] [BPN|dari kantor pertanahan] [belum|nggak] [dilakukan|datang-datang].",
        "[Sinyal|Jaringan] [HP|internet|telepon] di {desa} [susah banget|nggak ada], [anak-anak|kami] [harus|"
        "mesti] [naik|ke] [bukit|atas pohon] [buat|biar dapat] sinyal.",
        "<i> [Pak|Bu], [daftar|pendaftaran] [haji|umrah] [reguler|itu] [sekarang|antreannya] [berapa tahun|"
        "gimana], [biaya|setoran awal]nya berapa?",
        "<a> [Kami anak muda|Anak muda] {desa} [berharap|mohon] [dibangun|ada] [lapangan|gedung olahraga|GOR] [yang "
        "layak|kecil], [sekarang|selama ini] [main bola|olahraga] [di|pakai] [sawah|jalan].",
        "[Siaran|Suara] [RRI|radio] [di|dari] {kec} [nggak jelas|putus-putus|kresek-kresek] [pak|mas], [kami|"
        "saya] [pendengar setia|suka dengar] [jadi|nggak bisa] [ikut|dengar] [acara|dialog] ini.",
        "<i> [Mau tanya|Tanya] [pak|bu], [acara|program] [dialog|interaktif] [ini|di RRI] [setiap|tiap] "
        "[hari apa|kapan] [aja|saja], [narasumbernya|tamunya] [minggu depan|nanti] siapa?",
        "[Makam|Pemakaman] [umum|desa] di {desa} [udah|sudah] [penuh|nggak ada lahan], [warga|kami] "
        "[bingung|susah] [mau|kalau] [makamkan|ada yang meninggal] [di|ke] mana.",
        "<a> [Saran|Usul] [buat|untuk] [pemerintah|pemda] {kabs}, [objek wisata|pantai|air terjun] di {desa} "
        "[dikelola|dipromosikan] [dengan baik|serius], [potensinya|sayang] [besar|kalau dibiarkan].",
        "[Pengumuman|Informasi] [dari|di] [masjid|toa] [tengah malam|subuh-subuh] [terlalu|kelamaan] [keras|"
        "lama] [pak|bu], [tapi|saya] [nggak enak|sungkan] [negur|ngomong langsung].",
        "<i> [Pak|Bu], [nomor|kontak] [pengaduan|layanan] [ini|hotline] [bisa|buka] [dihubungi|ditelepon] "
        "[jam berapa|hari apa] [aja|saja], [lewat|bisa lewat] [WA|SMS] [juga|nggak]?",
        "[Tanah|Lahan] [adat|ulayat] [kami|suku] di {desa} [dipakai|diklaim] [tanpa|nggak ada] [ganti rugi|"
        "musyawarah], [kami|masyarakat adat] [minta|mohon] [dimediasi|ditengahi] [pak|bu].",
        "<a> [Terima kasih|Makasih] [buat|untuk] [pemerintah|pak bupati] [udah|sudah] [perbaiki|bangun] "
        "[jembatan|musala|taman] [kemarin|itu], [semoga|harapannya] [terus|lebih] [diperhatikan|ditingkatkan] "
        "[lagi|ke depan].",
        "[Tempat ibadah|Musala|Gereja] [di|kami di] {desa} [mau|pengen] [direnovasi|dibangun] [tapi|kok] "
        "[izinnya|proposal bantuannya] [nggak jelas|tak ada kabar] [di|dari] [kemenag|kabupaten].",
        "<i> [Mau tanya|Tanya] [pak|bu], [kalau|cara] [mau|pengen] [ngirim|kasih] [usulan|aspirasi] [ke|"
        "buat] [DPRD|dewan] [itu|tuh] [lewat|bisa lewat] [mana|siapa] [ya|sih]?",
        "[Hewan|Sapi|Kambing] [tetangga|orang] [dilepas|lepas] [begitu aja|sembarangan] [dan|terus] "
        "[masuk|makan] [kebun|tanaman] [saya|kami], [udah|sudah] [ditegur|dibilangin] [berkali-kali|"
        "{n} kali].",
    ],
}
