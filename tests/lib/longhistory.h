/* A longer history for the tests of what reads a calibration (fitted,
 * the calibration report and charts), over the sample city's fiscal.csv:
 *
 *   county     type          years      land revenue (log level + 0.01 (-1)^s)
 *   wolong     urban         2015-2024  up 0.1 a year to 2020, then down 0.3
 *   fangcheng  agricultural  2015-2024  down 0.05 a year, straight
 *   zhenping   agricultural  2017-2024  up 0.2 a year to 2020, then down 0.2
 *   sheqi      agricultural  2018-2024  up 0.2 a year to 2021, then down 0.2
 *
 * (levels rounded to 10 decimals). The F statistic of the best turning
 * trend against one line (fitted.h), worked out apart from the program:
 * wolong 5945 at 2020 and zhenping 2750 at 2020, far beyond the 1%
 * points of F(1, 7) = 12.25 and F(1, 5) = 16.26; fangcheng 0.067 (no
 * break); sheqi has 7 years, under the 8 the test needs. So land breaks
 * in wolong (2020) and zhenping (2020) of the four counties; zhenping (8)
 * and sheqi (7) have fewer than 10 years.
 *
 * wolong's GDP grows 1, 2, ..., 9 %: d = -4..4 (%), so rho-hat = (12 + 6
 * + 2 + 0 + 0 + 2 + 6 + 12) / (16 + 9 + 4 + 1 + 0 + 1 + 4 + 9) = 40/44;
 * its halves (1..4: d -1.5..1.5, rho-hat 1.25/2.75 = 5/11; 5..9: 4/5)
 * make 2 * 40/44 - (5/11 + 4/5) / 2 = 1.19: type.urban, wolong alone,
 * has growth.rho at its clip 0.9. So has its land.rho (a trend that turns
 * leaves long runs of deviations of one sign: the reference,
 * tests/ref/calibrate_ref.py, gives 0.9 too); the agricultural and city
 * pools are inside the clip (0.37 and 0.54 for growth, 0.52 and 0.73 for
 * land, by the reference). */
#ifndef DR_LONGHISTORY_H
#define DR_LONGHISTORY_H

static const char long_history_csv[] =
    "county_id,year,gdp,own_revenue,transfers,land_revenue,primary_spending\n"
    "wolong,2015,100,20,30,10.1005016708,50\n"
    "wolong,2016,101.0,20.6,31.5,10.9417428371,52.0\n"
    "wolong,2017,103.02,21.63,33.39,12.3367805996,55.12\n"
    "wolong,2018,106.1106,22.4952,34.7256,13.3642748803,57.876\n"
    "wolong,2019,110.355024,23.844912,37.156392,15.0681778511,60.7698\n"
    "wolong,2020,115.8727752,25.0371576,39.0142116,16.3231621996,64.415988\n"
    "wolong,2021,122.825141712,26.789758632,41.355064296,12.3367805996,66."
    "99262752\n"
    "wolong,2022,131.4229016318,28.3971441499,43.0092668678,8.958341353,70."
    "342258896\n"
    "wolong,2023,141.9367337624,30.6689156819,46.0199155486,6.770568745,74."
    "5627944298\n"
    "wolong,2024,154.711039801,32.8157397796,48.320911326,4.9164419746,78."
    "2909341512\n"
    "fangcheng,2015,100,20,30,8.0804013367,50\n"
    "fangcheng,2016,107.0,21.6,32.4,7.5341162687,52.5\n"
    "fangcheng,2017,112.35,22.464,34.668,7.3114494822,54.6\n"
    "fangcheng,2018,119.091,23.5872,37.78812,6.8171503117,57.876\n"
    "fangcheng,2019,129.80919,25.94592,40.0554072,6.6156730715,60.7698\n"
    "fangcheng,2020,140.1939252,28.0215936,42.05817756,6.1684126864,63.200592\n"
    "fangcheng,2021,148.605560712,29.702889216,45.0022499892,5.9861085406,66."
    "99262752\n"
    "fangcheng,2022,159.0079499618,31.7820914611,48.6024299883,5.5814106086,70."
    "342258896\n"
    "fangcheng,2023,166.9583474599,33.0533751196,51.5185757876,5.416454996,73."
    "1559492518\n"
    "fangcheng,2024,176.9758483075,35.0365776267,55.1248760928,5.0502691641,77."
    "545306207\n"
    "zhenping,2017,100,20,30,6.0603010025,50\n"
    "zhenping,2018,105.0,21.2,32.1,7.2554975859,52.0\n"
    "zhenping,2019,112.35,22.472,34.989,9.0409067107,54.6\n"
    "zhenping,2020,116.844,23.14616,37.78812,10.8239304924,57.876\n"
    "zhenping,2021,123.85464,24.7663912,40.8111696,9.0409067107,60.19104\n"
    "zhenping,2022,127.5702792,25.261719024,44.076063168,7.2554975859,63."
    "200592\n"
    "zhenping,2023,133.94879316,26.5248049752,47.1613875898,6.0603010025,66."
    "3606216\n"
    "zhenping,2024,141.9857207496,27.5857971742,49.9910708451,4.8635054758,70."
    "342258896\n"
    "sheqi,2018,100,20,30,5.0502508354,50\n"
    "sheqi,2019,106.0,21.0,31.8,6.0462479883,52.5\n"
    "sheqi,2020,110.24,22.47,33.39,7.5340889256,55.65\n"
    "sheqi,2021,117.9568,23.8182,35.7273,9.019942077,57.876\n"
    "sheqi,2022,123.85464,24.770928,37.870938,7.5340889256,60.7698\n"
    "sheqi,2023,131.2859184,26.75260224,39.7644849,6.0462479883,64.415988\n"
    "sheqi,2024,141.788791872,28.3577583744,42.150353994,5.0502508354,67."
    "6367874\n";

#endif
