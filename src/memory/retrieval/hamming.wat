;; The coarse vector scan: Hamming distances between binary codes, with
;; WebAssembly SIMD (one popcount per byte lane). Compiled by
;; tools/compile-hamming.ts into hamming-wasm.ts; a unit test checks the two
;; agree. Codes are `stride` bytes each, a multiple of 16, zero-padded.
(module
  (memory (export "memory") 1)

  ;; Writes the distance from the code at $query to each of $count codes
  ;; starting at $codes as a u16 at $distances, and counts each distance in
  ;; the u32 histogram at $histogram (which the caller zeroes).
  (func (export "scan")
    (param $codes i32) (param $count i32) (param $stride i32) (param $query i32)
    (param $distances i32) (param $histogram i32)
    (local $end i32) (local $offset i32) (local $sum v128) (local $distance i32) (local $bin i32)
    (local.set $end (i32.add (local.get $codes) (i32.mul (local.get $count) (local.get $stride))))
    (block $done
      (loop $code
        (br_if $done (i32.ge_u (local.get $codes) (local.get $end)))
        (local.set $sum (v128.const i64x2 0 0))
        (local.set $offset (i32.const 0))
        (loop $block
          (local.set $sum
            (i16x8.add (local.get $sum)
              (i16x8.extadd_pairwise_i8x16_u
                (i8x16.popcnt
                  (v128.xor
                    (v128.load (i32.add (local.get $codes) (local.get $offset)))
                    (v128.load (i32.add (local.get $query) (local.get $offset))))))))
          (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
          (br_if $block (i32.lt_u (local.get $offset) (local.get $stride))))
        (local.set $sum (i32x4.extadd_pairwise_i16x8_u (local.get $sum)))
        (local.set $distance
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $sum)) (i32x4.extract_lane 1 (local.get $sum)))
            (i32.add (i32x4.extract_lane 2 (local.get $sum)) (i32x4.extract_lane 3 (local.get $sum)))))
        (i32.store16 (local.get $distances) (local.get $distance))
        (local.set $bin (i32.add (local.get $histogram) (i32.shl (local.get $distance) (i32.const 2))))
        (i32.store (local.get $bin) (i32.add (i32.load (local.get $bin)) (i32.const 1)))
        (local.set $distances (i32.add (local.get $distances) (i32.const 2)))
        (local.set $codes (i32.add (local.get $codes) (local.get $stride)))
        (br $code))))

  ;; Writes to $out, as u32, the index of every one of $count distances at
  ;; $distances that is below $threshold, and of the first $ties equal to
  ;; it; returns how many it wrote.
  (func (export "collect")
    (param $distances i32) (param $count i32) (param $threshold i32) (param $ties i32) (param $out i32)
    (result i32)
    (local $index i32) (local $distance i32) (local $written i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $index) (local.get $count)))
        (local.set $distance (i32.load16_u (i32.add (local.get $distances) (i32.shl (local.get $index) (i32.const 1)))))
        (if (i32.or
              (i32.lt_u (local.get $distance) (local.get $threshold))
              (i32.and (i32.eq (local.get $distance) (local.get $threshold)) (i32.gt_s (local.get $ties) (i32.const 0))))
          (then
            (if (i32.eq (local.get $distance) (local.get $threshold))
              (then (local.set $ties (i32.sub (local.get $ties) (i32.const 1)))))
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $written) (i32.const 2))) (local.get $index))
            (local.set $written (i32.add (local.get $written) (i32.const 1)))))
        (local.set $index (i32.add (local.get $index) (i32.const 1)))
        (br $next)))
    (local.get $written)))
