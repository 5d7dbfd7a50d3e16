//! The shipped maps rasterise to the same cells however the loader finds them (scanline
//! polygons, discs by their bounding box, clipped far-away segments): a digest of every
//! cell's terrain, features and holder, pinned.

use attrition::data;

fn digest(id: &str) -> u64 {
    let (_, m) = data::find_map(id, None).unwrap();
    // FNV-1a over the layers, in cell order.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    for i in 0..m.len() {
        eat(m.terrain[i] as u8);
        eat(m.features[i]);
        eat(m.initial_control[i] as u8);
    }
    h
}

#[test]
fn shipped_maps_rasterise_as_before() {
    // Digests from the loader before it was bounded (point tests per cell, unclipped lines).
    assert_eq!(digest("pokrovsk-toretsk"), 0xe1e0_562c_4747_c5b2);
    assert_eq!(digest("sudzha"), 0x2921_ed31_4889_9294);
}

/// Finding 4: a 288-byte map with `cell_km: 1e-300` took 24 s; a 200,000-point polygon 98 s.
#[test]
fn absurd_map_geometry_is_refused_before_rasterising() {
    let (_, file, text) = data::MAPS[0];
    let tiny = text.replacen("cell_km: 1.0,", "cell_km: 1e-300,", 1);
    let e = data::load_map(file, &tiny).unwrap_err().to_string();
    assert!(e.contains("cell_km") && e.contains("0.1..=50"), "{e}");
    let corners: Vec<String> =
        (0..200_000).map(|i| format!("P(48.{:05}, 37.{:05})", i % 99_999, (i * 7) % 99_999)).collect();
    let big =
        text.replacen("areas: [", &format!("areas: [\n(terrain: Forest, shape: Polygon([{}])),", corners.join(",")), 1);
    let e = data::load_map(file, &big).unwrap_err().to_string();
    assert!(e.contains("200") && e.contains("points") && e.contains("100000"), "{e}");
    // A road to the far side of the world crosses the map's cells only.
    let far = text.replacen(
        "lines: [",
        "lines: [\n(kind: Road, points: [P(48.5, 37.2), P(-89.0, -179.0), P(89.0, 179.0)]),",
        1,
    );
    data::load_map(file, &far).expect("a long road is fine");
}
