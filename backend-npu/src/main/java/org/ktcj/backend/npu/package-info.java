/**
 * The NPU kit every Kneron chip backend shares: a chip is a JSON description read with Jackson, and one
 * engine answers for every chip from it ({@link org.ktcj.backend.npu.JsonChipTarget}); no chip has
 * code of its own. A backend plugin is a {@link org.ktcj.backend.npu.JsonChipTargetFactory} with its
 * resource.
 *
 * <p>A description may inherit another ({@code "inherits"}, see
 * {@link org.ktcj.backend.npu.ChipSpecLoader}); every chip inherits
 * {@code /org/ktcj/backend/npu/kneron-npu.json}, which holds the rows of Kneron's operator table, its
 * numbered conditions written as checks ({@link org.ktcj.backend.npu.check}) and its notes, and the
 * operators the CPU runs when the NPU cannot. A chip adds its own column of the table, bit widths,
 * features and performance-model figures.
 *
 * <p>A description, merged with what it inherits, has these keys (a {@code "description"} at the top,
 * in bit_widths, hardware or cpu, and a condition's {@code "reading"}, are documentation and skipped):
 * <pre>
 * id, name                      "520", "KL520"
 * bit_widths                    {"datapath": ["int8"], "weights": ["int4", "int8"]}
 * features                      ["deep_search_tiling", ...]           (Feature names, lower case)
 * hardware                      {"mac_array", "clock_mhz", "sram_bytes", "dram_bytes_per_second",
 *                                "efficiency": {"default": 0.5, "Conv": ...}, "provisional": [keys]}
 * table_operators               every operator the table has a row for
 * cpu                           {"operators": [...]}: what the CPU runs when the NPU cannot
 * conditions                    {"6": {"text": "...", "check": {...}}}  (see org.ktcj.backend.npu.check)
 * notes                         {"14": "decompose to ..."}
 * operators                     {"Conv": {"npu": true, "conditions": [6], "notes": []}}
 * </pre>
 */
package org.ktcj.backend.npu;
